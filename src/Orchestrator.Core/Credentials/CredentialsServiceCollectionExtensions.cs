using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Core.Credentials;

public static class CredentialsServiceCollectionExtensions
{
    /// <summary>The API's tokens, login links and browser sessions (needs an <see cref="Persistence.IDatabase"/>).</summary>
    public static IServiceCollection AddApiCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiCredentials>();
        return services;
    }
}
