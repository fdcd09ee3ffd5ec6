using Orchestrator.Bot.Security;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Redaction of text that leaves the bot piece by piece (the <c>turn.delta</c> events of a running turn): each piece is
/// redacted together with what was held back before it, and an end of it that could be the beginning of a secret is
/// held back until the next piece (or <see cref="Flush"/>) shows whether the secret completes. So a secret split across
/// two deltas leaves as <c>[redacted]</c>, never in two halves. Not thread-safe: one per turn, fed in order.
/// </summary>
public sealed class StreamRedaction(SecretRedactor redactor)
{
    private string _held = "";

    /// <summary>What may be sent now of <paramref name="piece"/> (possibly empty: all of it is held back).</summary>
    public string Push(string piece)
    {
        if (redactor.Count == 0)
        {
            return piece;
        }

        var text = redactor.Redact(_held.Length == 0 ? piece : _held + piece);
        var hold = redactor.PossibleSecretStart(text);
        _held = hold == 0 ? "" : text[^hold..];
        return hold == 0 ? text : text[..^hold];
    }

    /// <summary>The text held back (a possible beginning of a secret that did not complete); empty when none.</summary>
    public string Flush()
    {
        var held = _held;
        _held = "";
        return held;
    }
}
