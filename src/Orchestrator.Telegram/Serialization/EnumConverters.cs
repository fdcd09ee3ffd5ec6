using Orchestrator.Telegram.Types.Enums;

namespace Orchestrator.Telegram.Serialization;

/// <summary>"private", "group", "supergroup", "channel", "sender"; unknown types read as <see cref="ChatType.Group"/>
/// (the more restrictive assumption: a chat we cannot classify is not treated as a one-to-one chat).</summary>
public sealed class ChatTypeConverter() : TolerantEnumConverter<ChatType>(ChatType.Group);

/// <summary>"creator", "administrator", "member", ...; unknown statuses read as <see cref="ChatMemberStatus.Member"/> (no rights).</summary>
public sealed class ChatMemberStatusConverter() : TolerantEnumConverter<ChatMemberStatus>(ChatMemberStatus.Member);

/// <summary>"typing", "upload_photo", "upload_document"; unknown actions read as <see cref="ChatAction.Typing"/>.</summary>
public sealed class ChatActionConverter() : TolerantEnumConverter<ChatAction>(ChatAction.Typing);

/// <summary>"HTML", "MarkdownV2", "Markdown"; <see cref="ParseMode.None"/> is omitted when writing (see <see cref="TelegramJson"/>).</summary>
public sealed class ParseModeConverter() : TolerantEnumConverter<ParseMode>(
    ParseMode.None,
    new Dictionary<ParseMode, string>
    {
        [ParseMode.None] = "",
        [ParseMode.Html] = "HTML",
        [ParseMode.MarkdownV2] = "MarkdownV2",
        [ParseMode.Markdown] = "Markdown",
    });
