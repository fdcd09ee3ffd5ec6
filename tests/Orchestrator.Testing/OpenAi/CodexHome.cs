namespace Orchestrator.Testing.OpenAi;

/// <summary>A temporary CODEX_HOME whose config.toml points Codex at a fake Responses server. Dispose deletes it.</summary>
public sealed class CodexHome : IDisposable
{
    private CodexHome(string directory, string baseUrl)
    {
        Directory = directory;
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["CODEX_HOME"] = directory,
            ["FAKE_KEY"] = "fake-key",

            // The agent's commands run in a login shell: keep the host's dotfiles (slow or broken shell init) out of tests.
            ["HOME"] = System.IO.Directory.CreateDirectory(Path.Combine(directory, "home")).FullName,
        };
        BaseUrl = baseUrl;
    }

    /// <summary>The CODEX_HOME folder.</summary>
    public string Directory { get; }

    public string BaseUrl { get; }

    /// <summary>The variables to give the Codex process: CODEX_HOME, FAKE_KEY and a clean HOME.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; }

    /// <param name="fakeServerUrl">The fake's base URL (ending in <c>/v1</c>).</param>
    public static CodexHome Create(string fakeServerUrl)
    {
        var directory = Path.Combine(Path.GetTempPath(), "codex-home-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.toml"), $"""
            model = "fake-model"
            model_provider = "fake"

            [model_providers.fake]
            name = "fake"
            base_url = "{fakeServerUrl}"
            env_key = "FAKE_KEY"
            wire_api = "responses"
            request_max_retries = 0
            stream_max_retries = 0
            """);
        return new CodexHome(directory, fakeServerUrl);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be writing; temp is cleaned eventually.
        }
    }
}
