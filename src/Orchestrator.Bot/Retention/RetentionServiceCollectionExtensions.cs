using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>The retention sweep: once polling has begun, then every <c>Retention:Interval</c>.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<RetentionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionWorker>());
        return services;
    }
}
