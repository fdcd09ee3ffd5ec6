using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.Bot.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>The general commands. Features add theirs as more <see cref="IBotCommand"/> singletons.</summary>
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<IBotCommand>(sp => new HelpCommand(sp, "start"));
        services.AddSingleton<IBotCommand>(sp => new HelpCommand(sp, "help"));
        services.AddSingleton<IBotCommand, WhoAmICommand>();
        services.AddSingleton<CommandCatalog>();
        services.AddHostedService<CommandMenuRegistration>();
        return services;
    }
}
