using Orchestrator.Bot.Access;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Commands;

/// <summary>Everything a command needs: who asked, where, with what arguments, and how to answer.</summary>
public sealed class CommandContext(Message message, ParsedCommand command, UserRole role, ChatTarget target, ITelegramOutbox outbox)
{
    public Message Message { get; } = message;

    public ParsedCommand Command { get; } = command;

    public string Arguments => Command.Arguments;

    public User User { get; } = message.From!;

    public UserRole Role { get; } = role;

    public ChatTarget Target { get; } = target;

    public ITelegramOutbox Outbox { get; } = outbox;

    /// <summary>Answers in the same chat (and topic), as a reply to the command.</summary>
    public Task<int> ReplyAsync(OutgoingContent content, CancellationToken cancellationToken) =>
        Outbox.SendAsync(Target, content, Message.Id, cancellationToken);

    public Task<int> ReplyAsync(string plainText, CancellationToken cancellationToken) =>
        ReplyAsync(OutgoingContent.FromPlainText(plainText), cancellationToken);
}
