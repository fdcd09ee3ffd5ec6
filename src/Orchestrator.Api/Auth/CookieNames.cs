namespace Orchestrator.Api.Auth;

/// <summary>The cookies and headers of browser sessions.</summary>
public static class CookieNames
{
    /// <summary>The session cookie: HttpOnly, SameSite=Strict, expiring.</summary>
    public const string Session = "orch_session";

    /// <summary>The anti-forgery token, readable by the page's script, to be sent back as <see cref="CsrfHeader"/>.</summary>
    public const string Csrf = "orch_csrf";

    public const string CsrfHeader = "X-CSRF-Token";
}
