namespace Orchestrator.Testing.Telegram;

/// <summary>Thrown inside the fake's handlers; becomes <c>{"ok":false,"error_code":Code,"description":Description}</c>.</summary>
internal sealed class FakeApiError(int code, string description, int? retryAfter = null, long? migrateToChatId = null) : Exception(description)
{
    public int Code { get; } = code;

    public string Description { get; } = description;

    public int? RetryAfter { get; } = retryAfter;

    public long? MigrateToChatId { get; } = migrateToChatId;

    public static FakeApiError BadRequest(string detail) => new(400, "Bad Request: " + detail);
}
