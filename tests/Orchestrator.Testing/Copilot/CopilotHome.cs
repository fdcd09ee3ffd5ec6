namespace Orchestrator.Testing.Copilot;

/// <summary>
/// A temporary HOME for GitHub Copilot CLI (it keeps config, logs and sessions in <c>~/.copilot</c>) plus the
/// environment that runs it offline (<c>COPILOT_OFFLINE=true</c>: no GitHub, no sign-in, no telemetry) against a
/// <see cref="Anthropic.FakeAnthropicServer"/> as its bring-your-own-key provider. Deleted on dispose.
/// </summary>
public sealed class CopilotHome : Clis.ICliHome
{
    /// <summary>The model the fake provider is asked for unless an agent sets one.</summary>
    public const string Model = "claude-sonnet-4.5";

    private CopilotHome(string path, string baseUrl)
    {
        Path = path;
        EnvironmentVariables = new Dictionary<string, string?>
        {
            ["HOME"] = path,
            ["COPILOT_OFFLINE"] = "true",
            ["COPILOT_PROVIDER_TYPE"] = "anthropic",
            ["COPILOT_PROVIDER_BASE_URL"] = baseUrl,
            ["COPILOT_PROVIDER_API_KEY"] = "sk-ant-fake-key",
            ["COPILOT_MODEL"] = Model,
            ["XDG_CONFIG_HOME"] = null,
            ["XDG_STATE_HOME"] = null,
            ["GH_TOKEN"] = null,
            ["GITHUB_TOKEN"] = null,
        };
    }

    /// <summary>The temporary home folder.</summary>
    public string Path { get; }

    /// <summary>Variables to set for the CLI process (a null value removes an inherited variable).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; }

    /// <summary>Creates a fresh home pointing at <paramref name="fakeBaseUrl"/> (<see cref="Anthropic.FakeAnthropicServer.BaseUrl"/>).</summary>
    public static CopilotHome Create(string fakeBaseUrl)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "copilot-home-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new CopilotHome(path, fakeBaseUrl);
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
