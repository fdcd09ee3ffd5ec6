namespace Orchestrator.Bot.Rendering;

/// <summary>
/// How rendered output is cut into Telegram messages.
/// A page holds at most <see cref="MaxVisible"/> = <see cref="Limit"/> - <see cref="Reserve"/> visible characters
/// (UTF-16 code units after entity parsing, as Telegram counts them).
/// </summary>
/// <param name="Limit">Telegram's limit for message text (4096).</param>
/// <param name="Reserve">Characters kept free for a footer the caller appends (e.g. a status line).</param>
public sealed record PageOptions(int Limit = PageOptions.TelegramLimit, int Reserve = 0)
{
    public const int TelegramLimit = 4096;

    public static PageOptions Default { get; } = new();

    public int MaxVisible
    {
        get
        {
            if (Reserve < 0 || Limit > TelegramLimit * 16)
            {
                throw new ArgumentOutOfRangeException(nameof(Reserve), "Reserve must be 0 or more and Limit sensible.");
            }

            var max = Limit - Reserve;
            if (max < 16)
            {
                throw new ArgumentOutOfRangeException(nameof(Reserve), $"Limit - Reserve must be at least 16 (was {max}).");
            }

            return max;
        }
    }
}
