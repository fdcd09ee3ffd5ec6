using Telegram.Bot.Exceptions;

namespace Orchestrator.Telegram;

/// <summary>
/// The Bot API's 400 errors the outbox reacts to, recognised by Telegram's description (Telegram.Bot keeps it as
/// <see cref="Exception.Message"/>; the Bot API has no finer error code for them).
/// </summary>
public static class BotApiErrors
{
    extension(ApiRequestException exception)
    {
        /// <summary>400 "message is not modified": the edit was a no-op; safe to ignore.</summary>
        public bool IsMessageNotModified => Has(exception, "message is not modified");

        /// <summary>400 "can't parse entities": the HTML/Markdown was rejected; resend as plain text.</summary>
        public bool IsCantParseEntities => Has(exception, "can't parse entities");

        /// <summary>400 "message text is empty": nothing visible was left after entity parsing (e.g. <c>&lt;pre&gt;&lt;/pre&gt;</c>).</summary>
        public bool IsMessageTextEmpty => Has(exception, "message text is empty");

        /// <summary>400 "message to edit not found": the message was deleted or never existed.</summary>
        public bool IsMessageToEditNotFound => Has(exception, "message to edit not found");
    }

    private static bool Has(ApiRequestException exception, string text) =>
        exception.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
