using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary><c>model/list</c> against the real app-server (its bundled catalog; no network needed).</summary>
public sealed class CodexModelListTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lists_the_visible_models_with_exactly_one_default()
    {
        await using var harness = await CodexHarness.StartAsync(output);
        var engine = harness.CreateEngine();

        var models = await engine.ListModelsAsync().WaitAsync(CodexHarness.Timeout);

        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.False(string.IsNullOrWhiteSpace(m.Model)));
        Assert.All(models, m => Assert.False(m.Hidden));
        Assert.Single(models, m => m.IsDefault);
        Assert.Equal(models.Count, models.Select(m => m.Model).Distinct(StringComparer.Ordinal).Count());
    }
}
