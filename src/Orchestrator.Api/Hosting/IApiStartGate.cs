namespace Orchestrator.Api.Hosting;

/// <summary>
/// What the HTTP API waits for before it builds and starts Kestrel. The host's own start-up comes first: on a small
/// machine, building the ASP.NET Core application (hundreds of types loaded and JIT-compiled) would otherwise compete
/// with it for the CPU (docs/performance.md §7.5). Without a gate the API starts at once.
/// </summary>
public interface IApiStartGate
{
    /// <summary>Completes when the API may start; <see cref="ApiServer"/> also starts after <c>MaxWait</c> at the latest.</summary>
    Task Opened { get; }

    /// <summary>How long the API waits at most (so it still comes up while the host's own start-up is stuck, e.g. retrying).</summary>
    TimeSpan MaxWait { get; }
}
