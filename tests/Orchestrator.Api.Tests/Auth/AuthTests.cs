using System.Net;
using System.Net.Http.Json;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.Credentials;

namespace Orchestrator.Api.Tests.Auth;

/// <summary>The API is closed by default: tokens, login links, cookies, roles, cross-site requests.</summary>
public sealed class AuthTests : IAsyncLifetime
{
    private ApiBot _api = null!;

    public async Task InitializeAsync() => _api = await ApiBot.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_request_without_a_credential_is_refused_with_401_and_says_how_to_sign_in()
    {
        var response = await _api.Client().GetAsync("/api/v1/health");

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("/web", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Client("orch_made-up").GetAsync("/api/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Client().GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_user_who_is_not_allowed_gets_401_and_an_allowed_user_gets_403_on_admin_only_requests()
    {
        var stranger = _api.Client(await _api.TokenAsync(BotHarness.StrangerId));
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));

        await ApiAssert.ProblemAsync(await stranger.GetAsync("/api/v1/health"), HttpStatusCode.Unauthorized);
        var me = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/me"));
        Assert.Equal(BotHarness.OwnerId, me.GetProperty("user_id").GetInt64());
        Assert.Equal("allowed", me.GetProperty("role").GetString());
        Assert.Equal("CLI", me.GetProperty("channel").GetString());
        await ApiAssert.ProblemAsync(await owner.GetAsync("/api/v1/users"), HttpStatusCode.Forbidden);
        var users = await ApiAssert.JsonAsync(await admin.GetAsync("/api/v1/users"));
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("user_id").GetInt64() == BotHarness.OwnerId);
    }

    [Fact]
    public async Task A_token_made_with_slash_token_works_until_it_is_revoked()
    {
        _api.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/token new laptop");
        var shown = await _api.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains(CredentialsPrefix, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the new token");
        var token = shown.Text.Split('\n').Single(l => l.StartsWith(CredentialsPrefix, StringComparison.Ordinal)).Trim();
        var client = _api.Client(token);
        var health = await ApiAssert.JsonAsync(await client.GetAsync("/api/v1/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());

        _api.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/token revoke laptop");
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("revoked", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the revocation");

        await ApiAssert.ProblemAsync(await client.GetAsync("/api/v1/health"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Slash_token_is_for_admins_only()
    {
        _api.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/token new mine");
        var refusal = await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, TimeSpan.FromSeconds(30), "an answer to /token");
        Assert.DoesNotContain(CredentialsPrefix, refusal.Text, StringComparison.Ordinal);
        Assert.Empty(await _api.Bot.Service<ApiCredentials>().ListTokensAsync(BotHarness.OwnerId));
    }

    [Fact]
    public async Task A_login_link_signs_a_browser_in_once_with_an_HttpOnly_SameSite_Strict_cookie()
    {
        var link = await _api.LoginLinkAsync(BotHarness.OwnerId);
        var (browser, cookies) = _api.Browser();

        var signIn = await _api.UseLoginLinkAsync(link, browser);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var setCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieNames.Session + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        var me = await ApiAssert.JsonAsync(await browser.GetAsync("/api/v1/me"));
        Assert.Equal(BotHarness.OwnerId, me.GetProperty("user_id").GetInt64());
        Assert.Equal("Web", me.GetProperty("channel").GetString());

        var (other, _) = _api.Browser();
        var reused = await _api.UseLoginLinkAsync(link, other);
        await ApiAssert.ProblemAsync(reused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task An_expired_login_link_is_refused()
    {
        var code = await _api.Bot.Service<ApiCredentials>().CreateLoginCodeAsync(BotHarness.OwnerId, TimeSpan.FromSeconds(-1));
        var (browser, _) = _api.Browser();

        var response = await browser.PostAsync("/login", new FormUrlEncodedContent([new("code", code)]));

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_request_that_changes_state_needs_the_anti_forgery_token_and_must_not_be_cross_site()
    {
        var session = await _api.SignInAsync(BotHarness.OwnerId);

        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents") { Content = JsonContent.Create(new { name = "evil" }) };
        crossSite.Headers.Add("Origin", "https://evil.example");
        crossSite.Headers.Add(CookieNames.CsrfHeader, session.CsrfToken); // even with the token (it cannot be read cross-site anyway)
        await ApiAssert.ProblemAsync(await session.Client.SendAsync(crossSite), HttpStatusCode.Forbidden);

        var noToken = await session.Client.PostAsJsonAsync("/api/v1/agents", new { name = "forged" });
        await ApiAssert.ProblemAsync(noToken, HttpStatusCode.Forbidden);

        var sameSite = new HttpRequestMessage(HttpMethod.Post, "/api/v1/agents") { Content = JsonContent.Create(new { name = "mine" }) };
        sameSite.Headers.Add("Origin", _api.BaseUrl.GetLeftPart(UriPartial.Authority));
        sameSite.Headers.Add(CookieNames.CsrfHeader, session.CsrfToken);
        var created = await ApiAssert.JsonAsync(await session.Client.SendAsync(sameSite), HttpStatusCode.Created);
        Assert.Equal("mine", created.GetProperty("name").GetString());

        var agents = await ApiAssert.JsonAsync(await session.Client.GetAsync("/api/v1/agents"));
        Assert.DoesNotContain(agents.EnumerateArray(), a => a.GetProperty("name").GetString() is "evil" or "forged");
    }

    [Fact]
    public async Task Request_bodies_are_bounded()
    {
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));

        var huge = await owner.PostAsJsonAsync("/api/v1/agents", new { name = new string('x', 200_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    private const string CredentialsPrefix = ApiCredentials.TokenPrefix;
}
