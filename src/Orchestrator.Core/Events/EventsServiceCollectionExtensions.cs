using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Core.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>The event log (needs an <see cref="Persistence.IDatabase"/>, registered by the host).</summary>
    public static IServiceCollection AddControlEvents(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventLog, EventLog>();
        services.TryAddSingleton<ITransientEvents, TransientEvents>();
        return services;
    }
}
