namespace Orchestrator.Web.Tests.Harness;

/// <summary>
/// Debian's chromium, found on PATH (tests/run.sh installs it when missing). Playwright's own browser download is not
/// used: it cannot run on these machines.
/// </summary>
public static class Chromium
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_CHROMIUM");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("chromium is not on PATH: run tests/run.sh (it installs Debian's chromium) or set ORCHESTRATOR_TEST_CHROMIUM.");
    }
}
