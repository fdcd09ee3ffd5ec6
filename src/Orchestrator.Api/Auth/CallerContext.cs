using Microsoft.AspNetCore.Http;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Api.Auth;

/// <summary>How a request proved who it is.</summary>
public enum CredentialKind
{
    Bearer,
    Cookie,
}

/// <summary>The authenticated caller of a request (set by <see cref="ApiAuthentication"/> before any endpoint runs).</summary>
public static class CallerContext
{
    private static readonly object CallerKey = new();

    public static void Set(HttpContext context, Caller caller) => context.Items[CallerKey] = caller;

    /// <summary>The caller; every endpoint behind the authentication middleware has one.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new InvalidOperationException("The request was not authenticated.");
}
