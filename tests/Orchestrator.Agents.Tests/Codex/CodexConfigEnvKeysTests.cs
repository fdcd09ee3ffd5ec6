using Orchestrator.Agents.Codex;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>The variables Codex's model providers sign in with are read from config.toml, tolerantly.</summary>
public sealed class CodexConfigEnvKeysTests
{
    [Fact]
    public void Every_providers_env_key_is_found_and_comments_are_ignored()
    {
        const string toml = """
            model_provider = "azure"

            [model_providers.azure]
            name = "Azure"
            env_key = "AZURE_OPENAI_API_KEY"   # the key

            [model_providers.local]
              env_key='LOCAL_KEY'
            # env_key = "COMMENTED_OUT"
            other_env_key = "NOT_THIS"
            inline = { name = "x", env_key = "INLINE_KEY" }
            [model_providers.again]
            env_key = "AZURE_OPENAI_API_KEY"
            env_key_instructions = "set it"
            """;

        Assert.Equal(["AZURE_OPENAI_API_KEY", "LOCAL_KEY", "INLINE_KEY"], CodexConfigEnvKeys.Parse(toml));
    }

    [Fact]
    public void A_missing_or_unreadable_config_gives_no_names()
    {
        Assert.Empty(CodexConfigEnvKeys.Read(null));
        Assert.Empty(CodexConfigEnvKeys.Read(Path.Combine(Path.GetTempPath(), "no-such-codex-home-" + Guid.NewGuid().ToString("N"))));
    }

    [Fact]
    public void The_codex_home_is_CODEX_HOME_or_else_dot_codex_in_HOME()
    {
        Assert.Equal("/x/codex", CodexConfigEnvKeys.CodexHome("/x/codex", "/home/me"));
        Assert.Equal(Path.Combine("/home/me", ".codex"), CodexConfigEnvKeys.CodexHome("", "/home/me"));
        Assert.Null(CodexConfigEnvKeys.CodexHome(null, null));
    }
}
