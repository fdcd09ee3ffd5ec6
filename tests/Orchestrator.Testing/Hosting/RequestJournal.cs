namespace Orchestrator.Testing.Hosting;

/// <summary>The requests a fake received, in order, with event-driven waits for the n-th one.</summary>
public sealed class RequestJournal<T>
    where T : class
{
    private readonly List<T> _requests = [];
    private readonly List<TaskCompletionSource<T>> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<T> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Records the request that <paramref name="create"/> makes from its index, and wakes who waits for it.</summary>
    public T Add(Func<int, T> create)
    {
        T request;
        TaskCompletionSource<T>? waiter = null;
        lock (_lock)
        {
            request = create(_requests.Count);
            _requests.Add(request);
            if (_requests.Count - 1 < _waiters.Count)
            {
                waiter = _waiters[_requests.Count - 1];
            }
        }

        waiter?.TrySetResult(request);
        return request;
    }

    /// <summary>Completes when request number <paramref name="index"/> (0-based) has been received.</summary>
    public Task<T> WaitForAsync(int index)
    {
        lock (_lock)
        {
            if (index < _requests.Count)
            {
                return Task.FromResult(_requests[index]);
            }

            while (_waiters.Count <= index)
            {
                _waiters.Add(new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _waiters[index].Task;
        }
    }
}
