namespace Orchestrator.LoadDriver;

/// <summary>
/// Options of <c>stream-process</c>: <c>--chats</c>, <c>--rate</c>, <c>--seconds</c> as for <c>stream</c>;
/// <c>--bot PATH</c> (default: the bot's own build output, same configuration as the driver);
/// <c>--bot-env K=V,K=V</c> extra environment variables for the bot only (e.g. GC settings);
/// <c>--keep</c> keeps the work folder (data, logs, turn records); <c>--smaps</c> prints where the bot's memory is
/// (by mapping) just before it is stopped.
/// </summary>
internal sealed record StreamProcessOptions(
    int Chats, int Rate, TimeSpan Duration, string? BotDll, IReadOnlyDictionary<string, string> BotEnvironment, bool Keep, bool Smaps)
{
    public static StreamProcessOptions From(Arguments arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (arguments.Text("bot-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (pair[..at], pair[(at + 1)..]) : (pair, "");
            environment[key] = value;
        }

        return new StreamProcessOptions(
            arguments.Int("chats", 100),
            arguments.Int("rate", 50),
            TimeSpan.FromSeconds(arguments.Int("seconds", 20)),
            arguments.Text("bot"),
            environment,
            arguments.Has("keep"),
            arguments.Has("smaps"));
    }
}
