using Orchestrator.Telegram.Types;

namespace Orchestrator.Telegram.Exceptions;

/// <summary>Telegram answered <c>ok:false</c>. Minimal stand-in; replaced by the client's version at merge.</summary>
public class ApiRequestException : RequestException
{
    public ApiRequestException(string message, int errorCode, ResponseParameters? parameters = null)
        : base(message) =>
        (ErrorCode, Parameters) = (errorCode, parameters);

    public int ErrorCode { get; }

    public ResponseParameters? Parameters { get; }

    public bool IsMessageNotModified => Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    public bool IsCantParseEntities => Message.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase);

    public bool IsMessageToEditNotFound => Message.Contains("message to edit not found", StringComparison.OrdinalIgnoreCase);
}
