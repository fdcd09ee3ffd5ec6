using System.Diagnostics;
using System.Text;
using Orchestrator.Agents.JsonRpc;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Tests.Processes;

public sealed class RunningProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lines_written_to_stdin_come_back_on_stdout_in_order()
    {
        await using var process = new ProcessCommand("cat").Start();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => process.WriteLineAsync($"line {i:D2} with some text")));
        await process.CloseStandardInputAsync();
        var lines = new List<string>();
        await foreach (var line in process.StandardOutput.ReadAllAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            lines.Add(line);
        }

        Assert.Equal(50, lines.Count);
        Assert.Equal(50, lines.Distinct().Count());
        Assert.All(lines, l => Assert.Matches("^line \\d\\d with some text$", l));
        Assert.Equal(0, await process.Exited.WaitAsync(Timeout));
    }

    [Fact]
    public async Task In_bytes_mode_stdout_arrives_as_raw_UTF8_lines_even_past_the_pipe_block_size()
    {
        var big = new string('é', 100_000); // 200 KB in one line: several 64 KB blocks
        await using var process = new ProcessCommand("cat").Start(output: ProcessOutputMode.Bytes);
        Assert.Throws<InvalidOperationException>(() => process.StandardOutput);
        var lines = new Utf8LineReader(process.StandardOutputBytes);

        await process.WriteLineAsync("première ligne");
        await process.WriteLineAsync(big);
        await process.CloseStandardInputAsync();

        var received = new List<string>();
        while (await lines.ReadAsync().AsTask().WaitAsync(Timeout) == Utf8LineStatus.Line)
        {
            received.Add(Encoding.UTF8.GetString(lines.Line));
        }

        Assert.Equal(["première ligne", big], received);
        Assert.Equal(0, await process.Exited.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Arguments_are_passed_verbatim_with_environment_and_working_directory()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var command = new ProcessCommand("bash")
                .WithArguments("-c", "printf '%s|' \"$1\" \"$2\"; echo \"$MY_VAR\"; pwd", "bash", "two words", "it's \"quoted\"")
                .WithEnvironmentVariable("MY_VAR", "value; $(not expanded)")
                .WithWorkingDirectory(dir);
            await using var process = command.Start();

            var first = await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout);
            var second = await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout);

            Assert.Equal("two words|it's \"quoted\"|value; $(not expanded)", first);
            Assert.Equal(Path.GetFullPath(dir).TrimEnd('/'), second);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Stopping_and_disposing_at_the_same_time_ends_the_process_without_errors()
    {
        // An agent session's idle stop and the engine's shutdown can race: neither may throw (it crashed a shutdown).
        for (var i = 0; i < 20; i++)
        {
            var process = new ProcessCommand("cat").Start();
            await process.WriteLineAsync("hello").WaitAsync(Timeout);

            var stops = new[]
            {
                Task.Run(() => process.StopAsync(TimeSpan.FromSeconds(5))),
                Task.Run(async () => { await process.DisposeAsync(); return 0; }),
                Task.Run(() => process.StopAsync(TimeSpan.FromSeconds(5))),
                Task.Run(async () => { await process.DisposeAsync(); return 0; }),
            };

            await Task.WhenAll(stops).WaitAsync(Timeout);
            Assert.True(process.HasExited);
            await Assert.ThrowsAsync<IOException>(() => process.WriteLineAsync("too late"));
        }
    }

    [Fact]
    public void Builder_is_immutable()
    {
        var original = new ProcessCommand("echo").WithArguments("a");

        var changed = original.AddArguments(["b"]).WithEnvironmentVariable("X", "1");

        Assert.Equal(["a"], original.Arguments.ToArray());
        Assert.Empty(original.EnvironmentVariables);
        Assert.Equal(["a", "b"], changed.Arguments.ToArray());
    }

    [Fact]
    public async Task Stderr_is_drained_and_its_tail_kept_with_the_exit_code()
    {
        // Writes far more than a pipe buffer to stderr: without continuous draining the process would block.
        await using var process = new ProcessCommand("bash")
            .WithArguments("-c", "for i in $(seq 1 20000); do echo \"err $i\" >&2; done; echo done; exit 3")
            .Start();

        Assert.Equal("done", await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(3, await process.Exited.WaitAsync(Timeout));
        Assert.EndsWith("err 20000", process.StderrTail.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("err 1\n", process.StderrTail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_terminates_gracefully_with_sigterm()
    {
        await using var process = new ProcessCommand("bash")
            .WithArguments("-c", "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.1; done")
            .Start();
        Assert.Equal("ready", await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));

        var code = await process.StopAsync(TimeSpan.FromSeconds(10)).WaitAsync(Timeout);

        Assert.Equal(7, code);
    }

    [Fact]
    public async Task Stop_kills_the_whole_tree_after_the_grace_period()
    {
        await using var process = new ProcessCommand("bash")
            .WithArguments("-c", "trap '' TERM; sleep 300 & echo $!; wait")
            .Start();
        var childPid = int.Parse(await process.StandardOutput.ReadAsync().AsTask().WaitAsync(Timeout));
        using var child = Process.GetProcessById(childPid);
        var stopwatch = Stopwatch.StartNew();

        await process.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(Timeout);

        Assert.True(process.HasExited);
        Assert.True(child.WaitForExit(5000), "The child process should be killed with its parent.");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Writing_after_exit_throws_IOException()
    {
        await using var process = new ProcessCommand("true").Start();
        await process.Exited.WaitAsync(Timeout);

        await Assert.ThrowsAsync<IOException>(() => process.WriteLineAsync("late"));
    }

    [Fact]
    public void Missing_executable_throws_a_clear_exception()
    {
        var ex = Assert.Throws<ProcessStartException>(() => new ProcessCommand("/nonexistent/tool-xyz").Start());

        Assert.Contains("/nonexistent/tool-xyz", ex.Message, StringComparison.Ordinal);
    }
}
