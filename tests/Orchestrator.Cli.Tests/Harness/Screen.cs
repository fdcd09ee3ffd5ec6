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

    public async Task WaitForAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Orch.Timeout);
        while (!ToString().Contains(text, StringComparison.Ordinal))
        {
            try
            {
                await _changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"“{text}” did not appear within {Orch.Timeout}; the output: {this}");
            }
        }
    }
}
