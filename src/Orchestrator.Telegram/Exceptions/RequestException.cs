using System.Net;

namespace Orchestrator.Telegram.Exceptions;

/// <summary>A Bot API request failed (network, HTTP or protocol). Minimal stand-in; replaced by the client's version at merge.</summary>
public class RequestException : Exception
{
    public RequestException(string message, HttpStatusCode? httpStatusCode = null, Exception? innerException = null)
        : base(message, innerException) =>
        HttpStatusCode = httpStatusCode;

    public HttpStatusCode? HttpStatusCode { get; }
}
