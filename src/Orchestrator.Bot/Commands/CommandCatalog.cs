using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Commands;

/// <summary>All chat commands, by name; registers the Telegram command menus at start.</summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<string, IBotCommand> _byName;
    private readonly IOptionsMonitor<AccessOptions>? _access;

    public CommandCatalog(IEnumerable<IBotCommand> commands, IOptionsMonitor<AccessOptions>? access = null)
    {
        _access = access;
        All = commands.ToList();
        _byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<IBotCommand> All { get; }

    public IBotCommand? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// setMyCommands: everyone's menu (default, private chats, groups) without admin commands; the configured admins'
    /// private chats (scope chat) with them, and group administrators' menu too when they may run them
    /// (<see cref="AccessOptions.AllowGroupAdminGrants"/>).
    /// </summary>
    public async Task RegisterAsync(ITelegramBotClient client, CancellationToken cancellationToken)
    {
        var everyone = All.Where(c => !c.AdminOnly).Select(c => new BotCommand(c.Name, c.Description)).ToArray();
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.Default() }, cancellationToken);
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.AllPrivateChats() }, cancellationToken);
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.AllGroupChats() }, cancellationToken);
        var admins = All.Select(c => new BotCommand(c.Name, c.Description)).ToArray();
        var groupAdministrators = _access?.CurrentValue.AllowGroupAdminGrants == true ? admins : everyone;
        await client.SendRequest(new SetMyCommandsRequest { Commands = groupAdministrators, Scope = BotCommandScope.AllChatAdministrators() }, cancellationToken);
        foreach (var adminId in _access?.CurrentValue.AdminUserIds.Distinct() ?? [])
        {
            try
            {
                await client.SendRequest(new SetMyCommandsRequest { Commands = admins, Scope = BotCommandScope.Chat(adminId) }, cancellationToken);
            }
            catch (ApiRequestException)
            {
                // The admin never started a private chat with the bot ("chat not found"): the commands still work when typed.
            }
        }
    }
}
