using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Api.Auth;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Health;

/// <summary>The service is up, and who the credential belongs to.</summary>
public sealed record HealthView(string Status, string Version, DateTimeOffset Time);

/// <summary>The caller as the API sees them: the Telegram user, their role now, and the channel ("Web" or "CLI").</summary>
public sealed record MeView(long UserId, string Name, CallerRole Role, string Channel);

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/health", (TimeProvider time) =>
            Results.Ok(new HealthView("ok", typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "0", time.GetUtcNow())))
            .WithTags("health");
        api.MapGet("/me", (HttpContext context) =>
        {
            var caller = context.Caller();
            return Results.Ok(new MeView(caller.UserId, caller.Name, caller.Role, caller.Channel));
        }).WithTags("health");
        api.MapGet("/users", (HttpContext context, IUserDirectory users) =>
            context.Caller().IsAdmin
                ? Results.Ok(users.List())
                : Json.Problems.Forbidden("Only an admin of the bot may list its users."))
            .WithTags("users");
        return api;
    }
}
