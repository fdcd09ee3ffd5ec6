namespace Orchestrator.Agents.JsonRpc;

/// <summary>Standard JSON-RPC error codes.</summary>
public static class JsonRpcErrorCode
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
}

/// <summary>The remote side answered a request with an error object.</summary>
public sealed class RemoteInvocationException : Exception
{
    public RemoteInvocationException(string method, int errorCode, string message)
        : base($"'{method}' failed ({errorCode}): {message}")
    {
        Method = method;
        ErrorCode = errorCode;
        RemoteMessage = message;
    }

    public string Method { get; }

    public int ErrorCode { get; }

    /// <summary>The error message as sent by the remote side.</summary>
    public string RemoteMessage { get; }
}

/// <summary>The connection dropped (stream ended, disposed) before the answer to a request arrived.</summary>
public sealed class ConnectionLostException : Exception
{
    public ConnectionLostException(string message, DisconnectedReason reason)
        : base(message)
    {
        Reason = reason;
    }

    public DisconnectedReason Reason { get; }
}

/// <summary>Thrown by a server-request handler to answer with a specific JSON-RPC error.</summary>
public sealed class JsonRpcErrorException : Exception
{
    public JsonRpcErrorException(int errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public int ErrorCode { get; }
}

/// <summary>Why a <see cref="JsonRpcConnection"/> stopped.</summary>
public enum DisconnectedReason
{
    /// <summary>The remote side closed its output (e.g. the process exited).</summary>
    StreamEnded,

    /// <summary>Reading from the transport failed.</summary>
    ReadError,

    /// <summary>Writing to the transport failed.</summary>
    WriteError,

    /// <summary>The connection was disposed locally.</summary>
    Disposed,
}

/// <summary>Details of a disconnection.</summary>
public sealed record JsonRpcDisconnectedEventArgs(DisconnectedReason Reason, string Description, Exception? Exception = null);
