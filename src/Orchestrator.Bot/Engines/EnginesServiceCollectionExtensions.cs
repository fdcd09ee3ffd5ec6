using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Engines;

public static class EnginesServiceCollectionExtensions
{
    public static IServiceCollection AddEngines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentsOptions>().Bind(configuration.GetSection(AgentsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentsOptions>, AgentsOptionsValidator>();
        services.AddOptions<CodexOptions>().Bind(configuration.GetSection(CodexOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CodexOptions>, CodexOptionsValidator>();
        services.AddOptions<ClaudeOptions>().Bind(configuration.GetSection(ClaudeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClaudeOptions>, ClaudeOptionsValidator>();
        services.AddSingleton<AgentEnvironment>();
        services.AddGit(configuration);
        services.AddSingleton<EngineHealth>();
        services.AddHostedService<EnginePreflight>();
        services.AddSingleton<EngineRegistry>();
        services.AddSingleton<Hosting.IStartupHook, DefaultWorkspaceCreator>();
        return services;
    }
}
