using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log (SQLite) and <c>/audit</c>.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IBotCommand, AuditCommand>();
        return services;
    }
}
