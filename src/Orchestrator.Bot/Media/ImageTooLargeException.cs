namespace Orchestrator.Bot.Media;

/// <summary>A download went past the size limit (not an <see cref="IOException"/>, so HTTP layers let it through unwrapped).</summary>
public sealed class ImageTooLargeException(long limit) : Exception($"The file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
