namespace Orchestrator.Core.Conversations;

/// <summary>How an operation ended, independent of how it was asked for (an HTTP face maps these to status codes).</summary>
public enum OperationStatus
{
    Ok,

    /// <summary>The thing does not exist, or the caller may not see it (never tell a caller what they may not see).</summary>
    NotFound,

    /// <summary>The caller may see it but not do this (e.g. an admin-only operation).</summary>
    Forbidden,

    /// <summary>The state does not allow it now (e.g. a turn is running).</summary>
    Conflict,

    /// <summary>The input is wrong; <see cref="OperationResult{T}.Message"/> says how.</summary>
    Invalid,
}

/// <summary>The value of an operation, or why there is none (<see cref="Message"/>: a sentence for the user).</summary>
public sealed record OperationResult<T>(OperationStatus Status, T? Value, string? Message)
{
    public static OperationResult<T> Ok(T value) => new(OperationStatus.Ok, value, null);

    public static OperationResult<T> Fail(OperationStatus status, string message) => new(status, default, message);
}
