namespace Orchestrator.Testing.Anthropic;

/// <summary>
/// A temporary HOME for the Claude Code CLI (it writes <c>~/.claude</c>, sessions included) plus the environment that
/// points it at a <see cref="FakeAnthropicServer"/> with telemetry and non-essential traffic off. Deleted on dispose.
/// </summary>
public sealed class ClaudeHome : Clis.ICliHome
{
    private ClaudeHome(string path, string baseUrl)
    {
        Path = path;
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["HOME"] = path,
            ["ANTHROPIC_BASE_URL"] = baseUrl,
            ["ANTHROPIC_API_KEY"] = "sk-ant-fake-key",
            ["DISABLE_TELEMETRY"] = "1",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["CLAUDE_CONFIG_DIR"] = null,
            ["ANTHROPIC_AUTH_TOKEN"] = null,
        };
    }

    /// <summary>The temporary home folder.</summary>
    public string Path { get; }

    /// <summary>Variables to set for the CLI process (a null value removes an inherited variable).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; }

    /// <summary>Creates a fresh home pointing at <paramref name="fakeBaseUrl"/> (<see cref="FakeAnthropicServer.BaseUrl"/>).</summary>
    public static ClaudeHome Create(string fakeBaseUrl)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "claude-home-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new ClaudeHome(path, fakeBaseUrl);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A CLI still writing: leave it to the temp cleaner.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
