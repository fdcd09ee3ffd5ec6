using System.Collections.Immutable;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Core.Git;

/// <summary>The environment every git process gets, whatever the bot's own.</summary>
public static class GitEnvironment
{
    /// <summary>
    /// Besides the basics: what git needs to reach remotes for submodules (ssh agent, ssh command, proxies) and where the
    /// user's git configuration lives.
    /// </summary>
    public static readonly EnvironmentPolicy DefaultPolicy = EnvironmentPolicy.Default.WithPassedNames(
    [
        "SSH_AUTH_SOCK", "GIT_SSH", "GIT_SSH_COMMAND", "XDG_CONFIG_HOME",
        "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
    ]);

    /// <summary>
    /// Set on every git process: never prompt (no terminal, no credential dialog: a command waiting for input would only
    /// time out), never page, plain C-locale messages (the lock detection reads them), no editor.
    /// </summary>
    public static readonly ImmutableDictionary<string, string?> Fixed = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        new KeyValuePair<string, string?>[]
        {
            new("GIT_TERMINAL_PROMPT", "0"),
            new("GIT_ASKPASS", "true"),
            new("SSH_ASKPASS", "true"),
            new("GIT_PAGER", "cat"),
            new("PAGER", "cat"),
            new("GIT_EDITOR", "true"),
            new("LC_ALL", "C"),
            new("LANGUAGE", null),
        });
}
