using System.Text.RegularExpressions;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Credentials;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Web;

/// <summary>
/// <c>/token new NAME</c>, <c>/token list</c>, <c>/token revoke NAME</c> (admins, private chat only): bearer tokens for
/// scripts and the <c>orch</c> CLI. A new token is shown once; only its hash is kept. A token acts as the admin who
/// made it, with their role at the time of each request.
/// </summary>
public sealed partial class TokenCommand(ApiCredentials credentials) : IBotCommand
{
    private const string Usage = "Usage: /token new NAME | /token list | /token revoke NAME — NAME: letters, digits, - and _ (up to 32).";

    public string Name => "token";

    public string Description => "API tokens: /token new NAME, /token list, /token revoke NAME (private chat)";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Message.Chat.Type != ChatType.Private)
        {
            await context.ReplyAsync("Send /token in a private chat with me: a token must not be seen by others.", cancellationToken);
            return;
        }

        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var verb = words.Length > 0 ? words[0].ToLowerInvariant() : "";
        switch (verb)
        {
            case "list" when words.Length == 1:
                var tokens = await credentials.ListTokensAsync(context.User.Id, cancellationToken);
                await context.ReplyAsync(
                    tokens.Count == 0
                        ? "You have no API tokens. /token new NAME makes one."
                        : "Your API tokens:\n" + string.Join("\n", tokens.Select(t => $"• {t.Name} — made {t.CreatedAt[..10]}, last used {t.LastUsedAt?[..10] ?? "never"}")),
                    cancellationToken);
                return;
            case "new" when words.Length == 2 && NamePattern().IsMatch(words[1]):
                var token = await credentials.CreateTokenAsync(context.User.Id, words[1], cancellationToken);
                await context.ReplyAsync(
                    token is null
                        ? $"You already have a token named {words[1]}: /token revoke {words[1]} first, or pick another name."
                        : $"🔑 API token {words[1]} (shown once; it acts as you, so keep it secret):\n{token}\n\nUse it as ORCH_TOKEN for the orch CLI, or Authorization: Bearer … ; /token revoke {words[1]} ends it.",
                    cancellationToken);
                return;
            case "revoke" when words.Length == 2:
                var revoked = await credentials.RevokeTokenAsync(context.User.Id, words[1], cancellationToken);
                await context.ReplyAsync(revoked ? $"Token {words[1]} revoked: it no longer works." : $"You have no token named {words[1]}. /token list shows yours.", cancellationToken);
                return;
            default:
                await context.ReplyAsync(Usage, cancellationToken);
                return;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
