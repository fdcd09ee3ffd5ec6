using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Orchestrator.Bot.Tests.Harness;

/// <summary>Every log event of a bot under test, rendered as the console would show it (message and exception).</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Emit(LogEvent logEvent)
    {
        var line = $"[{logEvent.Level}] {logEvent.RenderMessage()}";
        if (logEvent.Exception is not null)
        {
            line += Environment.NewLine + logEvent.Exception;
        }

        _lines.Enqueue(line);
    }
}
