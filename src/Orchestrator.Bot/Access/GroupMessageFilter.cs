using System.Text;
using Orchestrator.Bot.Commands;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Access;

/// <summary>How a group message relates to the bot: ignored, or addressed to it (and the text to act on).</summary>
/// <param name="Addressed">A command for this bot, an @mention of it, or a reply to one of its messages.</param>
/// <param name="Text">The message text (or caption) with the bot's @mentions removed; null when the message has none.</param>
public sealed record GroupAddressing(bool Addressed, string? Text);

/// <summary>
/// The rules of groups: the bot acts only on commands for it (<c>/cmd</c>, <c>/cmd@thisbot</c>), @mentions of it
/// (entity <c>mention</c> equal to @botusername or <c>text_mention</c> of its id) and replies to its own messages.
/// Everything else in a group is chatter between people and is ignored quietly.
/// </summary>
public static class GroupMessageFilter
{
    public static bool IsGroup(Chat chat) => chat.Type is ChatType.Group or ChatType.Supergroup;

    public static GroupAddressing Classify(Message message, User? me)
    {
        var text = message.Text ?? message.Caption;
        var entities = (message.Text is not null ? message.Entities : message.CaptionEntities) ?? [];
        if (me is null)
        {
            return new GroupAddressing(false, text);
        }

        if (ParsedCommand.Parse(message.Text) is { } command)
        {
            return new GroupAddressing(command.IsFor(me.Username), text);
        }

        var mentions = entities.Where(e => IsMentionOf(e, text, me)).OrderBy(e => e.Offset).ToList();
        var repliesToBot = message.ReplyToMessage?.From?.Id == me.Id;
        if (mentions.Count == 0)
        {
            return new GroupAddressing(repliesToBot, text);
        }

        return new GroupAddressing(true, Strip(text!, mentions));
    }

    private static bool IsMentionOf(MessageEntity entity, string? text, User me)
    {
        if (text is null || entity.Offset < 0 || entity.Length <= 0 || entity.Offset + entity.Length > text.Length)
        {
            return false;
        }

        return entity.Type switch
        {
            MessageEntityType.Mention => me.Username is { Length: > 0 } name
                && string.Equals(text.Substring(entity.Offset, entity.Length), "@" + name, StringComparison.OrdinalIgnoreCase),
            MessageEntityType.TextMention => entity.User?.Id == me.Id,
            _ => false,
        };
    }

    /// <summary>Removes the mentions (offsets are UTF-16, like .NET strings), a comma or colon right after a leading one, and doubled spaces.</summary>
    private static string Strip(string text, List<MessageEntity> mentions)
    {
        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var mention in mentions)
        {
            if (mention.Offset < at)
            {
                continue;
            }

            sb.Append(text, at, mention.Offset - at);
            at = mention.Offset + mention.Length;
            if (string.IsNullOrWhiteSpace(sb.ToString()))
            {
                // "@bot, do this" / "@bot: do this": the punctuation belonged to the mention.
                while (at < text.Length && text[at] is ',' or ':')
                {
                    at++;
                }
            }

            if (sb.Length > 0 && sb[^1] == ' ' && at < text.Length && text[at] == ' ')
            {
                at++; // "please @bot fix it" -> "please fix it"
            }
        }

        sb.Append(text, at, text.Length - at);
        return sb.ToString().Trim();
    }
}
