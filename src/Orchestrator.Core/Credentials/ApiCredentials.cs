using System.Security.Cryptography;
using System.Text;
using Dapper;
using Orchestrator.Core.Persistence;

namespace Orchestrator.Core.Credentials;

/// <summary>A token as <c>/token list</c> shows it (never the token itself).</summary>
public sealed record ApiTokenInfo(string Name, string CreatedAt, string? LastUsedAt);

/// <summary>A browser session made by a login link: the cookie value, its anti-forgery token and when it expires.</summary>
public sealed record WebSession(string Secret, string CsrfToken, DateTimeOffset ExpiresAt);

/// <summary>Who owns a presented credential (and, for a cookie, its anti-forgery token).</summary>
public sealed record CredentialOwner(long UserId, string? CsrfToken);

/// <summary>
/// The credentials of the HTTP API: bearer tokens (admins make them with <c>/token new</c>), one-time login links
/// (<c>/web</c>) and the browser sessions they open. Every secret is 32 random bytes shown once; only its SHA-256 is
/// stored (table per kind, migration 0011), so neither the database nor a log line lets anyone in.
/// </summary>
public sealed class ApiCredentials(IDatabase database, TimeProvider time)
{
    public const string TokenPrefix = "orch_";

    /// <summary>A new token named <paramref name="name"/> for <paramref name="userId"/>; null when the name is taken.</summary>
    public async Task<string?> CreateTokenAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        var token = TokenPrefix + NewSecret();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var taken = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM api_tokens WHERE user_id = @userId AND name = @name AND revoked_at IS NULL",
            new { userId, name }).ConfigureAwait(false);
        if (taken > 0)
        {
            return null;
        }

        await connection.ExecuteAsync(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (@userId, @name, @hash, @now)",
            new { userId, name, hash = Hash(token), now = Now() }).ConfigureAwait(false);
        return token;
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ApiTokenInfo>(
            "SELECT name AS Name, created_at AS CreatedAt, last_used_at AS LastUsedAt FROM api_tokens WHERE user_id = @userId AND revoked_at IS NULL ORDER BY name",
            new { userId }).ConfigureAwait(false);
        return rows.ToList();
    }

    /// <summary>Revokes the user's token named <paramref name="name"/>; false when there is none.</summary>
    public async Task<bool> RevokeTokenAsync(long userId, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @now WHERE user_id = @userId AND name = @name AND revoked_at IS NULL",
            new { userId, name, now = Now() }).ConfigureAwait(false) > 0;
    }

    /// <summary>The owner of a live token, or null.</summary>
    public async Task<CredentialOwner?> FindTokenOwnerAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var hash = Hash(token);
        var userId = await connection.ExecuteScalarAsync<long?>(
            "SELECT user_id FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL", new { hash }).ConfigureAwait(false);
        if (userId is null)
        {
            return null;
        }

        await connection.ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE token_hash = @hash", new { hash, now = Now() }).ConfigureAwait(false);
        return new CredentialOwner(userId.Value, null);
    }

    /// <summary>A one-time login code for <paramref name="userId"/>, valid for <paramref name="lifetime"/>.</summary>
    public async Task<string> CreateLoginCodeAsync(long userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var code = NewSecret();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "DELETE FROM web_logins WHERE expires_at < @now; INSERT INTO web_logins (code_hash, user_id, expires_at) VALUES (@hash, @userId, @expires)",
            new { hash = Hash(code), userId, expires = Format(time.GetUtcNow() + lifetime), now = Now() }).ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// Uses a login code (once: the row is marked used in the same statement that checks it) and opens a session of
    /// <paramref name="sessionLifetime"/>; null when the code is unknown, used or expired.
    /// </summary>
    public async Task<(long UserId, WebSession Session)?> RedeemLoginCodeAsync(string code, TimeSpan sessionLifetime, CancellationToken cancellationToken = default)
    {
        if (code.Length is 0 or > 100)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var userId = await connection.ExecuteScalarAsync<long?>(
            "UPDATE web_logins SET used_at = @now WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now RETURNING user_id",
            new { hash = Hash(code), now = Format(now) }).ConfigureAwait(false);
        if (userId is null)
        {
            return null;
        }

        var session = new WebSession(NewSecret(), NewSecret(), now + sessionLifetime);
        await connection.ExecuteAsync(
            "DELETE FROM web_sessions WHERE expires_at < @now; INSERT INTO web_sessions (session_hash, user_id, csrf_token, created_at, expires_at) VALUES (@hash, @userId, @csrf, @now, @expires)",
            new { hash = Hash(session.Secret), userId, csrf = session.CsrfToken, now = Format(now), expires = Format(session.ExpiresAt) }).ConfigureAwait(false);
        return (userId.Value, session);
    }

    /// <summary>The owner of a live session cookie, with the session's anti-forgery token; null when unknown or expired.</summary>
    public async Task<CredentialOwner?> FindSessionOwnerAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (secret.Length is 0 or > 100)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>(
            "SELECT user_id AS UserId, csrf_token AS Csrf FROM web_sessions WHERE session_hash = @hash AND expires_at > @now",
            new { hash = Hash(secret), now = Now() }).ConfigureAwait(false);
        return row is null ? null : new CredentialOwner(row.UserId, row.Csrf);
    }

    public async Task EndSessionAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM web_sessions WHERE session_hash = @hash", new { hash = Hash(secret) }).ConfigureAwait(false);
    }

    private sealed class SessionRow
    {
        public long UserId { get; init; }

        public string Csrf { get; init; } = "";
    }

    private string Now() => Format(time.GetUtcNow());

    // Fixed-width UTC text, so SQLite's string comparison orders times correctly.
    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
