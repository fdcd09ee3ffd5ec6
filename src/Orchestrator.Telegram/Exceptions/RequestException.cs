using System.Net;

namespace Orchestrator.Telegram.Exceptions;

/// <summary>
/// A Bot API call failed without a Telegram error object: network failure, timeout, or a body that is not the
/// Bot API's JSON (for example a 502 HTML page from a proxy). Never contains the bot token.
/// </summary>
public class RequestException : Exception
{
    public RequestException()
    {
    }

    public RequestException(string message)
        : base(message)
    {
    }

    public RequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public RequestException(string message, HttpStatusCode? httpStatusCode, Exception? innerException = null)
        : base(message, innerException) => HttpStatusCode = httpStatusCode;

    /// <summary>The HTTP status of the response, when one arrived.</summary>
    public HttpStatusCode? HttpStatusCode { get; }

    /// <summary>True when the request was abandoned because it took longer than the configured timeout.</summary>
    public bool IsTimeout => InnerException is TimeoutException;
}
