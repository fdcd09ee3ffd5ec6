using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Hosting;
using Orchestrator.Api.Json;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Credentials;

namespace Orchestrator.Api.Auth;

/// <summary>
/// Closed by default: every request but the login page needs a bearer token or a session cookie, and acts as its owner
/// with the role the owner has now (a user no longer allowed is refused even with a live credential). A cookie request
/// that changes state must carry the session's anti-forgery token and must not come from another site. Bodies are
/// bounded here too: small for JSON, larger only for image uploads. Credentials are never logged.
/// </summary>
public sealed class ApiAuthentication(ApiCredentials credentials, IUserDirectory users, WebOptions options, ILogger<ApiAuthentication> logger)
{
    /// <summary>The body limit of every request but image uploads.</summary>
    public const long JsonBodyLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = path.StartsWithSegments("/api/v1/images") ? options.MaxRequestBodyBytes : JsonBodyLimit;
        }

        if (path.StartsWithSegments("/login"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var (owner, kind, problem) = await IdentifyAsync(context).ConfigureAwait(false);
        if (owner is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized(problem!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var role = users.RoleOf(owner.UserId);
        if (role == CallerRole.Stranger)
        {
            logger.LogInformation("API request refused: user {UserId} is not allowed to use the bot", owner.UserId);
            await Problems.Unauthorized("This credential belongs to a user who is not allowed to use the bot.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (kind == CredentialKind.Cookie && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && CrossSiteProblem(context, owner.CsrfToken!) is { } refusal)
        {
            logger.LogWarning("API request refused for user {UserId}: {Reason}", owner.UserId, refusal);
            await Problems.Forbidden(refusal).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var name = users.List().FirstOrDefault(u => u.UserId == owner.UserId)?.Name ?? $"user {owner.UserId}";
        CallerContext.Set(context, new Caller(owner.UserId, name, role, kind == CredentialKind.Cookie ? "Web" : "CLI"));
        await next(context).ConfigureAwait(false);
    }

    private async Task<(CredentialOwner? Owner, CredentialKind Kind, string? Problem)> IdentifyAsync(HttpContext context)
    {
        var cancel = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return (null, CredentialKind.Bearer, "Only bearer tokens are accepted: Authorization: Bearer orch_…");
            }

            var owner = await credentials.FindTokenOwnerAsync(authorization["Bearer ".Length..].Trim(), cancel).ConfigureAwait(false);
            return owner is null
                ? (null, CredentialKind.Bearer, "The token is unknown or revoked. An admin makes one with /token new NAME in a private chat with the bot.")
                : (owner, CredentialKind.Bearer, null);
        }

        if (context.Request.Cookies.TryGetValue(CookieNames.Session, out var cookie) && cookie is { Length: > 0 })
        {
            var owner = await credentials.FindSessionOwnerAsync(cookie, cancel).ConfigureAwait(false);
            return owner is null
                ? (null, CredentialKind.Cookie, "The session has expired. Send /web to the bot for a new login link.")
                : (owner, CredentialKind.Cookie, null);
        }

        return (null, CredentialKind.Bearer, "Sign in first: send /web to the bot for a login link, or use a token (Authorization: Bearer …) from /token new NAME.");
    }

    /// <summary>Null when a state-changing cookie request is same-site and carries the session's anti-forgery token.</summary>
    private static string? CrossSiteProblem(HttpContext context, string expectedCsrf)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return "Cross-site request refused.";
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return "Cross-origin request refused.";
        }

        var sent = context.Request.Headers[CookieNames.CsrfHeader].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(expectedCsrf))
            ? null
            : $"This request needs the {CookieNames.CsrfHeader} header with the value of the {CookieNames.Csrf} cookie.";
    }
}
