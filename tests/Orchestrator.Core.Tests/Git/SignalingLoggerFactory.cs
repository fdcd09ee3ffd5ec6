using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Tests.Git;

/// <summary>Loggers whose messages a test can wait for (to act at the moment the code under test reports something).</summary>
internal sealed class SignalingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly List<(string Fragment, TaskCompletionSource Seen)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>Completes when a message containing <paramref name="fragment"/> is (or already was) logged.</summary>
    public Task WaitForAsync(string fragment)
    {
        lock (_lock)
        {
            if (_messages.Any(m => m.Contains(fragment, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((fragment, seen));
            return seen.Task;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(string message)
    {
        lock (_lock)
        {
            _messages.Enqueue(message);
            foreach (var waiter in _waiters.Where(w => message.Contains(w.Fragment, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(SignalingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add(formatter(state, exception));
    }
}
