using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Credentials;

namespace Orchestrator.Api.Hosting;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP API (Web section, validated at start). The host registers the ports of
    /// <see cref="Core.Conversations"/>, the event log and a database.
    /// </summary>
    public static IServiceCollection AddOrchestratorApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebOptions>().Bind(configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddApiCredentials();
        services.AddSingleton<ApiServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiServer>());
        return services;
    }
}
