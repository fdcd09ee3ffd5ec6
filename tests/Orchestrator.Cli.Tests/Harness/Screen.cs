using System.Text;

namespace Orchestrator.Cli.Tests.Harness;

/// <summary>What a running process has printed so far; a test waits for a text to appear (woken by each new piece).</summary>
public sealed class Screen
{
    private readonly StringBuilder _text = new();
    private readonly SemaphoreSlim _changed = new(0);

    public void Append(ReadOnlySpan<char> piece)
    {
        lock (_text)
        {
            _text.Append(piece);
        }

        _changed.Release();
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits until <paramref name="text"/> has been printed <paramref name="times"/> times.</summary>
    public async Task WaitForAsync(string text, int times = 1)
    {
        using var timeout = new CancellationTokenSource(Orch.Timeout);
        while (Count(text) < times)
        {
            try
            {
                await _changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"“{text}” did not appear {times} time(s) within {Orch.Timeout}; the output: {this}");
            }
        }
    }

    public int Count(string text)
    {
        var all = ToString();
        var count = 0;
        for (var at = all.IndexOf(text, StringComparison.Ordinal); at >= 0; at = all.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
