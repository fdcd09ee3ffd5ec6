using System.Globalization;
using Orchestrator.Telegram;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Commands;

/// <summary><c>/whoami</c>: user id, chat id, chat type and role — what the owner needs to allow someone.</summary>
public sealed class WhoAmICommand : IBotCommand
{
    public string Name => "whoami";

    public string Description => "Show your user id, this chat and your role";

    public Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = context.Message.Chat;
        var lines = new List<string>
        {
            $"User: {context.User.DisplayName} (id {context.User.Id.ToString(CultureInfo.InvariantCulture)})",
            $"Chat: {chat.Id.ToString(CultureInfo.InvariantCulture)} ({ChatTypeName(chat.Type)})",
        };
        if (context.Message.MessageThreadId is int topic && chat.IsForum)
        {
            lines.Add($"Topic: {topic.ToString(CultureInfo.InvariantCulture)}");
        }

        lines.Add($"Role: {context.Role.ToString().ToLowerInvariant()}");
        return context.ReplyAsync(string.Join('\n', lines), cancellationToken);
    }

    private static string ChatTypeName(ChatType type) => type switch
    {
        ChatType.Private => "private",
        ChatType.Group => "group",
        ChatType.Supergroup => "supergroup",
        ChatType.Channel => "channel",
        _ => type.ToString().ToLowerInvariant(),
    };
}
