namespace Orchestrator.Testing.Clis;

/// <summary>
/// Locates the real agent CLIs that <c>tests/run.sh</c> installs (pinned versions, in tests/.tools).
/// A missing CLI fails the test with a clear message rather than skipping it: a run that tests nothing must show.
/// </summary>
public static class AgentClis
{
    public static string Codex => Locate("ORCHESTRATOR_TEST_CODEX", "codex");

    public static string Claude => Locate("ORCHESTRATOR_TEST_CLAUDE", "claude");

    /// <summary>GitHub Copilot CLI (npm <c>@github/copilot</c>), driven over ACP (<c>--acp --stdio</c>).</summary>
    public static string Copilot => Locate("ORCHESTRATOR_TEST_COPILOT", "copilot");

    private static string Locate(string variable, string name)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", ".tools", "node_modules", ".bin", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"The '{name}' CLI is not installed for tests. Run 'bash tests/run.sh' (it installs it into tests/.tools), or set {variable}.");
    }
}
