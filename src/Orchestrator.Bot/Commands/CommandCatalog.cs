using Orchestrator.Telegram;
using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Types;

namespace Orchestrator.Bot.Commands;

/// <summary>All chat commands, by name; registers the Telegram command menus at start.</summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<string, IBotCommand> _byName;

    public CommandCatalog(IEnumerable<IBotCommand> commands)
    {
        All = commands.ToList();
        _byName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<IBotCommand> All { get; }

    public IBotCommand? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>setMyCommands: everyone's menu, and admins' menu with the admin commands too.</summary>
    public async Task RegisterAsync(ITelegramBotClient client, CancellationToken cancellationToken)
    {
        var everyone = All.Where(c => !c.AdminOnly).Select(c => new BotCommand(c.Name, c.Description)).ToArray();
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.Default() }, cancellationToken);
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.AllPrivateChats() }, cancellationToken);
        await client.SendRequest(new SetMyCommandsRequest { Commands = everyone, Scope = BotCommandScope.AllGroupChats() }, cancellationToken);
        var admins = All.Select(c => new BotCommand(c.Name, c.Description)).ToArray();
        await client.SendRequest(new SetMyCommandsRequest { Commands = admins, Scope = BotCommandScope.AllChatAdministrators() }, cancellationToken);
    }
}
