using Microsoft.Extensions.Configuration;

namespace Orchestrator.Bot.Security;

/// <summary>
/// The one redaction step for the bot's own secrets (the bot token first; later secrets register through
/// <see cref="SecretSettings"/>). Every text an agent produces passes it before it is shown in Telegram, stored
/// (turns, audit log, memory files) or logged: each occurrence of a secret becomes <see cref="Replacement"/>.
/// Thread-safe; the set of secrets is immutable once built.
/// </summary>
public sealed class SecretRedactor
{
    public const string Replacement = "[redacted]";

    /// <summary>Shorter values are not treated as secrets: redacting them would mangle ordinary text.</summary>
    public const int MinSecretLength = 8;

    // Longest first, so that a secret containing another one is replaced as a whole.
    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        _secrets = secrets
            .Where(s => s is { Length: >= MinSecretLength })
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
        MaxSecretLength = _secrets.Length == 0 ? 0 : _secrets[0].Length;
    }

    /// <summary>A redactor that redacts nothing (tests, tools without secrets).</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>The secrets named by <see cref="SecretSettings"/> in <paramref name="configuration"/>.</summary>
    public static SecretRedactor FromConfiguration(IConfiguration configuration) =>
        new(SecretSettings.ValuesIn(configuration));

    public int Count => _secrets.Length;

    public int MaxSecretLength { get; }

    /// <summary>True when <paramref name="text"/> contains a secret.</summary>
    public bool Contains(ReadOnlySpan<char> text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="text"/> with every secret replaced; the same instance when it contains none (no allocation).</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || !Contains(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Null stays null; otherwise <see cref="Redact(string)"/>.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// The length of the longest end of <paramref name="text"/> that is the beginning (not the whole) of a secret:
    /// text streamed in pieces must hold that much back, since the next piece may complete the secret.
    /// O(secrets × secret length), independent of the length of <paramref name="text"/>; allocates nothing.
    /// </summary>
    public int PossibleSecretStart(ReadOnlySpan<char> text)
    {
        var longest = 0;
        foreach (var secret in _secrets)
        {
            for (var k = Math.Min(text.Length, secret.Length - 1); k > longest; k--)
            {
                var tail = text[^k..];
                if (tail[0] == secret[0] && tail.SequenceEqual(secret.AsSpan(0, k)))
                {
                    longest = k;
                    break;
                }
            }
        }

        return longest;
    }
}
