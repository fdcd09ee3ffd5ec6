using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Sessions.History;

namespace Orchestrator.Bot.Tests.Sessions.History;

/// <summary>The memory file's lines: failures, long and multi-line texts, unsafe ids.</summary>
public sealed class MemoryFilesTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 0, 45, 10, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-memory-").FullName;

    [Fact]
    public void A_failed_turn_shows_its_error_and_long_lines_are_cut()
    {
        var turn = new TurnRecord
        {
            AgentId = "a1", ChatId = 5, UserId = 7, Prompt = "\n  " + new string('x', 300) + "\nsecond line",
            Status = TurnStatus.Failed, Error = "the model is overloaded\nretry later",
        };

        var line = MemoryFiles.TurnLine(turn, At);

        Assert.Equal($"- 2026-11-22 00:45:10Z · failed · “{new string('x', 119)}…” → error: the model is overloaded", line);
    }

    [Fact]
    public async Task Files_stay_inside_the_memory_folder_and_an_existing_file_is_not_overwritten()
    {
        var files = new MemoryFiles(Options.Create(new StorageOptions { DataDirectory = _data }), Orchestrator.Bot.Security.SecretRedactor.None);
        var agent = new AgentRecord { Id = "a1", ChatId = 5, Name = "fox", Engine = "claude", WorkingDirectory = "/work" };

        Assert.True(await files.CreateAsync(agent, "../../escape", At));
        Assert.False(await files.CreateAsync(agent with { Name = "renamed" }, "../../escape", At));

        var path = files.PathOf("a1", "../../escape");
        Assert.StartsWith(Path.Combine(_data, "memory", "a1") + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("- Agent: 🤖 fox (a1)", text, StringComparison.Ordinal);
        Assert.Contains("- Persona: (none)", text, StringComparison.Ordinal);
        Assert.EndsWith("## Turns\n\n", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
