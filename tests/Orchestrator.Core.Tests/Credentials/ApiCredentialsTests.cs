using Dapper;
using Orchestrator.Core.Credentials;

namespace Orchestrator.Core.Tests.Credentials;

public sealed class ApiCredentialsTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly ApiCredentials _credentials;

    public ApiCredentialsTests() => _credentials = new ApiCredentials(_database, TimeProvider.System);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_token_is_stored_only_as_a_hash_and_works_until_revoked()
    {
        var token = await _credentials.CreateTokenAsync(1001, "laptop");

        Assert.StartsWith(ApiCredentials.TokenPrefix, token, StringComparison.Ordinal);
        await using (var connection = await _database.OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>("SELECT token_hash FROM api_tokens");
            Assert.DoesNotContain(token![ApiCredentials.TokenPrefix.Length..], stored, StringComparison.Ordinal);
        }

        Assert.Equal(1001, (await _credentials.FindTokenOwnerAsync(token!))!.UserId);
        Assert.Null(await _credentials.CreateTokenAsync(1001, "laptop")); // the name is taken
        Assert.True(await _credentials.RevokeTokenAsync(1001, "laptop"));
        Assert.Null(await _credentials.FindTokenOwnerAsync(token!));
        Assert.NotNull(await _credentials.CreateTokenAsync(1001, "laptop")); // free again
    }

    [Fact]
    public async Task A_login_code_opens_one_session_once_and_not_after_it_expired()
    {
        var code = await _credentials.CreateLoginCodeAsync(1001, TimeSpan.FromMinutes(10));
        var expired = await _credentials.CreateLoginCodeAsync(1001, TimeSpan.FromSeconds(-1));

        var first = await _credentials.RedeemLoginCodeAsync(code, TimeSpan.FromDays(1));
        var second = await _credentials.RedeemLoginCodeAsync(code, TimeSpan.FromDays(1));

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Null(await _credentials.RedeemLoginCodeAsync(expired, TimeSpan.FromDays(1)));
        var owner = await _credentials.FindSessionOwnerAsync(first.Value.Session.Secret);
        Assert.Equal(1001, owner!.UserId);
        Assert.Equal(first.Value.Session.CsrfToken, owner.CsrfToken);
        await _credentials.EndSessionAsync(first.Value.Session.Secret);
        Assert.Null(await _credentials.FindSessionOwnerAsync(first.Value.Session.Secret));
    }
}
