using System.Net;

namespace Orchestrator.Web.Hosting;

/// <summary>
/// The two pages of signing in, in the dashboard's style: the login link's page (a button, so that link previews and
/// scanners that fetch the link do not use it up) and the page of a link that is unknown, used or expired.
/// </summary>
public static class LoginPages
{
    public static string Confirm(string code) => Page(
        "Sign in",
        $"""
        <form method="post" action="/login"><input type="hidden" name="code" value="{WebUtility.HtmlEncode(code)}">
        <p>Sign in to Orchestrator in this browser?</p>
        <button type="submit" class="primary" autofocus>Sign in</button></form>
        """);

    public static string Refused() => Page(
        "Login link not valid",
        """
        <p role="alert" class="error">This login link is unknown, already used or expired.</p>
        <p>Send <code>/web</code> to the bot in a private chat for a new one: a link works once, for 10 minutes.</p>
        """);

    private static string Page(string title, string body) =>
        $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} · Orchestrator</title><link rel="stylesheet" href="/app.css"></head>
        <body class="login"><main class="card login-card"><h1>🤖 Orchestrator</h1>{body}</main></body></html>
        """;
}
