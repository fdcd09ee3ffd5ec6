namespace Orchestrator.Telegram.Types;

/// <summary>The <c>parameters</c> of a failed Bot API response.</summary>
public sealed class ResponseParameters
{
    public long? MigrateToChatId { get; set; }

    /// <summary>Seconds to wait before calling again (429).</summary>
    public int? RetryAfter { get; set; }
}
