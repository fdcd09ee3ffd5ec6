using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Access;

/// <summary>Loads the /allow grants into memory at start, after the migrations, before the first update.</summary>
internal sealed class AccessGrantsLoader(AccessGrants grants) : IStartupHook
{
    public Task RunAsync(CancellationToken cancellationToken) => grants.LoadAsync(cancellationToken);
}
