using System.Globalization;
using Orchestrator.LoadDriver;

// dotnet run -c Release --project tests/Orchestrator.LoadDriver -- stream [--chats 100] [--rate 50] [--seconds 20] [--stagger 0]
// dotnet run -c Release --project tests/Orchestrator.LoadDriver -- codex-memory [--sessions 1,5,10]
// dotnet run -c Release --project tests/Orchestrator.LoadDriver -- cold-start [--runs 5] [--bot PATH] [--existing-data]
// dotnet run -c Release --project tests/Orchestrator.LoadDriver -- answer-latency [--runs 3] [--think-ms 3000] [--bot PATH] [--codex PATH]
// dotnet run -c Release --project tests/Orchestrator.LoadDriver -- stream-process [--chats 100] [--rate 50] [--seconds 20] [--bot PATH] [--bot-env K=V,K=V] [--keep] [--smaps]
var command = args.Length > 0 ? args[0] : "help";
var options = Arguments.Parse(args.Skip(1));
if (command == "fake-app-server")
{
    // Hidden: started by stream-process through Codex:Command. stdout is the JSON-RPC channel: nothing else goes there.
    return await FakeAppServer.RunAsync(
        options.Int("rate", 50), TimeSpan.FromSeconds(options.Int("seconds", 20)), options.Text("records") ?? Directory.GetCurrentDirectory());
}

await Console.Out.WriteLineAsync(Machine.Describe());
using var signals = new ShutdownSignals();
return command switch
{
    "stream-process" => await StreamProcessScenario.RunAsync(StreamProcessOptions.From(options), Console.Out, signals.Token),
    "stream" => await StreamScenario.RunAsync(
        options.Int("chats", 100), options.Int("rate", 50), TimeSpan.FromSeconds(options.Int("seconds", 20)),
        TimeSpan.FromSeconds(options.Int("stagger", 0)), Console.Out),
    "codex-memory" => await CodexMemory.RunAsync(options.Ints("sessions", [1, 5, 10]), Console.Out),
    "cold-start" => await ColdStart.RunAsync(options.Text("bot"), options.Int("runs", 5), options.Has("existing-data"), Console.Out),
    "answer-latency" => await AnswerLatencyScenario.RunAsync(
        options.Text("bot"), options.Text("codex"), options.Int("runs", 3), TimeSpan.FromMilliseconds(options.NonNegative("think-ms", 3000)), Console.Out, signals.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Orchestrator.LoadDriver stream [--chats N] [--rate DELTAS_PER_S] [--seconds S] [--stagger S] | codex-memory [--sessions 1,5,10] | cold-start [--runs N] [--bot PATH] [--existing-data]");
    Console.Error.WriteLine("       Orchestrator.LoadDriver stream-process [--chats N] [--rate DELTAS_PER_S] [--seconds S] [--bot PATH/Orchestrator.Bot.dll] [--bot-env K=V,K=V] [--keep] [--smaps]");
    return 2;
}

/// <summary>"--name value" pairs.</summary>
internal sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                values[name] = "";
            }
            else if (name is not null)
            {
                values[name] = arg;
                name = null;
            }
        }

        return new Arguments(values);
    }

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// <summary>Like <see cref="Int"/>, but 0 is a value (e.g. <c>--think-ms 0</c>: no pause).</summary>
    public int NonNegative(string name, int fallback) =>
        values.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : fallback;

    public string? Text(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public bool Has(string name) => values.ContainsKey(name);

    public int[] Ints(string name, int[] fallback) =>
        values.TryGetValue(name, out var v) && v.Length > 0
            ? [.. v.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]
            : fallback;
}
