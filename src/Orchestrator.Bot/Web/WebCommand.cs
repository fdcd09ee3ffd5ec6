using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Credentials;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Web;

/// <summary>
/// <c>/web</c> (allowed users, private chat only): a one-time login link for the HTTP API in a browser, valid for
/// <see cref="WebOptions.LoginLinkLifetime"/>. Opening it shows a button; pressing it signs the browser in (cookie).
/// </summary>
public sealed class WebCommand(ApiCredentials credentials, IOptions<WebOptions> options, ApiServer server, ILogger<WebCommand> logger) : IBotCommand
{
    public string Name => "web";

    public string Description => "A one-time link to sign in to the web API (private chat)";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            await context.ReplyAsync("The web API is off (Web:Enabled=false).", cancellationToken);
            return;
        }

        if (context.Message.Chat.Type != ChatType.Private)
        {
            await context.ReplyAsync("Send /web in a private chat with me: a login link must not be seen by others.", cancellationToken);
            return;
        }

        var code = await credentials.CreateLoginCodeAsync(context.User.Id, options.Value.LoginLinkLifetime, cancellationToken);
        var link = $"{BaseUrl(options.Value, server).TrimEnd('/')}/login?code={code}";
        logger.LogInformation("Login link made for user {UserId}", context.User.Id);
        await context.ReplyAsync(
            $"🔑 Your login link (valid {options.Value.LoginLinkLifetime.TotalMinutes:0} minutes, once; do not share it):\n{link}",
            cancellationToken);
    }

    /// <summary>How a browser reaches the API: Web:PublicUrl, else the address Kestrel really listens on.</summary>
    public static string BaseUrl(WebOptions options, ApiServer server)
    {
        if (options.PublicUrl.Length > 0)
        {
            return options.PublicUrl;
        }

        if (server.Listening.IsCompletedSuccessfully && server.Listening.Result.Count > 0)
        {
            return server.Listening.Result[0].GetLeftPart(UriPartial.Authority);
        }

        return options.ParsedUrls()[0].GetLeftPart(UriPartial.Authority);
    }
}
