using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>The HTTP API (Orchestrator.Api) over the bot's own operations, and the /web and /token commands.</summary>
    public static IServiceCollection AddWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrchestratorApi(configuration);
        services.AddSingleton<AgentAccess>();
        services.AddSingleton<ImageUploads>();
        services.AddSingleton<IImageUploads>(sp => sp.GetRequiredService<ImageUploads>());
        services.AddSingleton<IUserDirectory, UserDirectory>();
        services.AddSingleton<IAgentConversations, AgentConversations>();
        services.AddSingleton<IAgentApprovals, AgentApprovals>();
        services.AddSingleton<IBotCommand, WebCommand>();
        services.AddSingleton<IBotCommand, TokenCommand>();
        return services;
    }
}
