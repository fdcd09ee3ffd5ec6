using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orchestrator.Api.Hosting;
using Orchestrator.Api.Json;
using Orchestrator.Core.Credentials;
using Orchestrator.Web.Hosting;

namespace Orchestrator.Api.Auth;

/// <summary>
/// The one-time login link <c>/web</c> sends: <c>GET /login?code=…</c> only shows a button (link previews and
/// scanners that fetch the link do not use it up), <c>POST /login</c> uses the code once and sets the session cookie
/// (HttpOnly, SameSite=Strict, expiring) and the anti-forgery cookie. <c>POST /logout</c> ends the session.
/// </summary>
public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (string? code) => Results.Content(LoginPages.Confirm(code ?? ""), "text/html; charset=utf-8"))
            .ExcludeFromDescription();

        app.MapPost("/login", async (HttpContext context, ApiCredentials credentials, WebOptions options, ILoggerFactory loggers) =>
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            var code = form?["code"].ToString() ?? "";
            var redeemed = await credentials.RedeemLoginCodeAsync(code, options.SessionLifetime, context.RequestAborted).ConfigureAwait(false);
            if (redeemed is not { } signedIn)
            {
                loggers.CreateLogger("Orchestrator.Api.Login").LogInformation("A login link was refused (unknown, used or expired)");
                // A browser (the form of the link's page) gets a page that says what to do; a script, problem+json.
                return context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                    ? Results.Content(LoginPages.Refused(), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized)
                    : Problems.Unauthorized("This login link is unknown, already used or expired. Send /web to the bot for a new one.");
            }

            loggers.CreateLogger("Orchestrator.Api.Login").LogInformation("User {UserId} signed in with a login link", signedIn.UserId);
            var secure = context.Request.IsHttps;
            context.Response.Cookies.Append(CookieNames.Session, signedIn.Session.Secret, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", Expires = signedIn.Session.ExpiresAt,
            });
            context.Response.Cookies.Append(CookieNames.Csrf, signedIn.Session.CsrfToken, new CookieOptions
            {
                HttpOnly = false, SameSite = SameSiteMode.Strict, Secure = secure, Path = "/", Expires = signedIn.Session.ExpiresAt,
            });
            return Results.Redirect("/", permanent: false, preserveMethod: false);
        }).ExcludeFromDescription().DisableAntiforgery();

        app.MapPost("/api/v1/logout", async (HttpContext context, ApiCredentials credentials) =>
        {
            if (context.Request.Cookies.TryGetValue(CookieNames.Session, out var cookie) && cookie is { Length: > 0 })
            {
                await credentials.EndSessionAsync(cookie, context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.Cookies.Delete(CookieNames.Session);
            context.Response.Cookies.Delete(CookieNames.Csrf);
            return Results.NoContent();
        }).WithTags("auth");
        return app;
    }
}
