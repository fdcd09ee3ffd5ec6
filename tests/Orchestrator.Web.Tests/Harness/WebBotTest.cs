namespace Orchestrator.Web.Tests.Harness;

/// <summary>A page test: each test gets a fresh <see cref="WebBot"/> (the real bot, codex, the fakes and a browser), disposed after it.</summary>
public abstract class WebBotTest : IAsyncLifetime
{
    protected WebBot Web { get; private set; } = null!;

    public async Task InitializeAsync() => Web = await WebBot.StartAsync();

    public async Task DisposeAsync() => await Web.DisposeAsync();
}
