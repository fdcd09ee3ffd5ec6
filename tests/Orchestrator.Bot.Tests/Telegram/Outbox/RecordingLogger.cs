using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>Keeps every log entry so tests can assert on warnings.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Done)> _waiters = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message);
        List<TaskCompletionSource> done;
        lock (_entries)
        {
            _entries.Add((logLevel, message));
            done = _waiters.Where(w => w.Match(message)).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => done.Contains(w.Done));
        }

        done.ForEach(d => d.TrySetResult());
    }

    /// <summary>Completes once a message matching <paramref name="match"/> has been logged (also one logged before the call).</summary>
    public Task WaitForAsync(Func<string, bool> match)
    {
        lock (_entries)
        {
            if (_entries.Any(e => match(e.Message)))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }
}
