using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Hosting;

public static class LogFileServiceCollectionExtensions
{
    /// <summary>Validates <see cref="LogFileOptions"/> at start (the file sink itself reads them while building the logger).</summary>
    public static IServiceCollection AddLogFileOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogFileOptions>().Bind(configuration.GetSection(LogFileOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogFileOptions>, LogFileOptionsValidator>();
        return services;
    }
}
