using System.Globalization;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Audit;

/// <summary>
/// <c>/audit [n]</c>: the newest n audit entries (default 10, at most 50), newest first — of this chat; in a private
/// chat with a configured admin, of every chat.
/// </summary>
public sealed class AuditCommand(AuditLog audit, AccessPolicy access) : IBotCommand
{
    public const int DefaultCount = 10;
    public const int MaxCount = 50;

    public string Name => "audit";

    public string Description => "Show the latest audit entries: /audit [count]";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var count = DefaultCount;
        if (context.Arguments.Length > 0)
        {
            if (!int.TryParse(context.Arguments, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
            {
                await context.ReplyAsync($"Usage: /audit [count], count 1–{MaxCount}.", cancellationToken);
                return;
            }

            count = Math.Min(count, MaxCount);
        }

        var chat = context.Message.Chat;
        var everywhere = !GroupMessageFilter.IsGroup(chat) && access.IsConfiguredAdmin(context.User.Id);
        var entries = await audit.LatestAsync(everywhere ? null : chat.Id, count, cancellationToken);
        if (entries.Count == 0)
        {
            await context.ReplyAsync("The audit log is empty.", cancellationToken);
            return;
        }

        var lines = new List<string> { everywhere ? "Audit log (all chats), newest first:" : "Audit log of this chat, newest first:" };
        lines.AddRange(entries.Select(e => Format(e, everywhere)));
        var text = string.Join('\n', lines);
        if (text.Length > 4000)
        {
            text = text[..3999] + "…";
        }

        await context.ReplyAsync(text, cancellationToken);
    }

    private static string Format(AuditEntry entry, bool withChat)
    {
        var when = DateTimeOffset.TryParse(entry.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : entry.At;
        var who = entry.UserName is { Length: > 0 } name ? name : entry.UserId.ToString(CultureInfo.InvariantCulture);
        var where = "";
        if (withChat)
        {
            where = " in " + entry.ChatId.ToString(CultureInfo.InvariantCulture);
        }

        if (entry.TopicId != 0)
        {
            where += (withChat ? "/" : " in topic ") + entry.TopicId.ToString(CultureInfo.InvariantCulture);
        }

        var detail = entry.Detail.ReplaceLineEndings(" ");
        if (detail.Length > 120)
        {
            detail = detail[..119] + "…";
        }

        return $"{when} {who}{where}: {entry.Action} — {detail}";
    }
}
