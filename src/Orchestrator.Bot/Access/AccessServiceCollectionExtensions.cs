using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access.Commands;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Bot.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>Who may use the bot: configuration, grants by /allow, group administrators; and the admin commands.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();

        // Who may use the bot is read from configuration once, at start: an edited configuration file (an agent's,
        // say) changes nothing until the operator restarts the bot.
        services.AddSingleton<IOptionsMonitor<AccessOptions>>(sp =>
            new Security.StartupOptionsMonitor<AccessOptions>(sp.GetRequiredService<IOptionsFactory<AccessOptions>>()));
        services.AddSingleton<AccessGrants>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<RequesterRule>();
        services.AddSingleton<StrangerGate>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<UserRateLimiter>();
        services.AddSingleton<ChatAdministrators>();
        services.AddSingleton<AdminCheck>();
        services.AddSingleton<IStartupHook, AccessGrantsLoader>();
        services.AddSingleton<IBotCommand, AllowCommand>();
        services.AddSingleton<IBotCommand, DenyCommand>();
        services.AddSingleton<IBotCommand, UsersCommand>();
        services.AddSingleton<IBotCommand, AdminsCommand>();
        return services;
    }
}
