using System.Net;

using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Exceptions;

/// <summary>Telegram answered <c>{"ok":false,...}</c>. <see cref="Exception.Message"/> is Telegram's description.</summary>
public class ApiRequestException : RequestException
{
    public ApiRequestException()
    {
    }

    public ApiRequestException(string message)
        : base(message)
    {
    }

    public ApiRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ApiRequestException(string message, int errorCode, ResponseParameters? parameters = null)
        : base(message, (HttpStatusCode)errorCode) => (ErrorCode, Parameters) = (errorCode, parameters);

    /// <summary>Telegram's <c>error_code</c> (400, 401, 403, 404, 409, 429, 5xx).</summary>
    public int ErrorCode { get; }

    /// <summary>Telegram's <c>parameters</c>: <c>retry_after</c> for 429, <c>migrate_to_chat_id</c> for upgraded groups.</summary>
    public ResponseParameters? Parameters { get; }

    /// <summary>400 "message is not modified": the edit was a no-op; safe to ignore.</summary>
    public bool IsMessageNotModified => Has("message is not modified");

    /// <summary>400 "can't parse entities": the HTML/Markdown was rejected; resend as plain text.</summary>
    public bool IsCantParseEntities => Has("can't parse entities");

    /// <summary>400 "message text is empty": nothing visible was left after entity parsing (e.g. <c>&lt;pre&gt;&lt;/pre&gt;</c>).</summary>
    public bool IsMessageTextEmpty => Has("message text is empty");

    /// <summary>400 "message to edit not found": the message was deleted or never existed.</summary>
    public bool IsMessageToEditNotFound => Has("message to edit not found");

    private bool Has(string text) => Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
