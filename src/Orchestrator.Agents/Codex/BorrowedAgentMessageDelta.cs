using System.Text.Json;
using System.Text.Unicode;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// The params of an <c>item/agentMessage/delta</c> read in place (the streaming fast path): the three ids decoded
/// into a caller's stack buffer, the delta left encoded until <see cref="GetDelta"/> makes the one string this path
/// allocates. Callers match the ids against what they know (span comparisons, alternate dictionary lookups) and take
/// the text only when the delta is theirs.
/// <para>
/// <b>Lifetime:</b> borrowed, like the <see cref="BorrowedNotification"/> it was read from: valid only during the
/// <see cref="AgentMessageDeltaHandler"/> call that received it.
/// </para>
/// </summary>
public readonly ref struct BorrowedAgentMessageDelta
{
    /// <summary>Longest id (in UTF-8 bytes as written) read in place; a longer one sends the delta down the parsed path.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The size of the scratch buffer <see cref="TryRead"/> needs for the three ids.</summary>
    public const int IdBufferLength = 3 * MaxIdLength;

    private readonly ReadOnlySpan<byte> _deltaToken; // the JSON string token, quotes included

    private BorrowedAgentMessageDelta(ReadOnlySpan<char> threadId, ReadOnlySpan<char> turnId, ReadOnlySpan<char> itemId, ReadOnlySpan<byte> deltaToken)
    {
        ThreadId = threadId;
        TurnId = turnId;
        ItemId = itemId;
        _deltaToken = deltaToken;
    }

    public ReadOnlySpan<char> ThreadId { get; }

    public ReadOnlySpan<char> TurnId { get; }

    public ReadOnlySpan<char> ItemId { get; }

    /// <summary>The delta text, JSON escapes decoded (<c>\n</c>, <c>\u00e9</c>…). Allocates the string; call it once.</summary>
    public string GetDelta()
    {
        var reader = new Utf8JsonReader(_deltaToken);
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>
    /// Reads <c>threadId</c>, <c>turnId</c>, <c>itemId</c> (strings) and <c>delta</c> (a string) from the params object
    /// in <paramref name="json"/>, other members skipped, without allocating. False when the params do not have exactly
    /// that shape (missing or non-string member, an id over <see cref="MaxIdLength"/>, invalid UTF-8, not JSON): the
    /// caller then leaves the notification to the parsed path, which reports it as it always did.
    /// </summary>
    /// <param name="idBuffer">At least <see cref="IdBufferLength"/> chars (e.g. stackalloc); the ids point into it.</param>
    public static bool TryRead(ReadOnlySpan<byte> json, Span<char> idBuffer, out BorrowedAgentMessageDelta delta)
    {
        delta = default;
        if (idBuffer.Length < IdBufferLength)
        {
            throw new ArgumentException($"The id buffer needs {IdBufferLength} chars.", nameof(idBuffer));
        }

        try
        {
            return TryReadCore(json, idBuffer, out delta);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // invalid UTF-8 in an id
        }
    }

    private static bool TryReadCore(ReadOnlySpan<byte> json, Span<char> idBuffer, out BorrowedAgentMessageDelta delta)
    {
        delta = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        int thread = -1, turn = -1, item = -1;
        ReadOnlySpan<byte> token = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("threadId"u8))
            {
                thread = ReadId(ref reader, idBuffer[..MaxIdLength]);
            }
            else if (reader.ValueTextEquals("turnId"u8))
            {
                turn = ReadId(ref reader, idBuffer.Slice(MaxIdLength, MaxIdLength));
            }
            else if (reader.ValueTextEquals("itemId"u8))
            {
                item = ReadId(ref reader, idBuffer.Slice(2 * MaxIdLength, MaxIdLength));
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var start = (int)reader.TokenStartIndex;
                token = json[start..(int)reader.BytesConsumed];
                if (!Utf8.IsValid(token))
                {
                    return false;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (thread < 0 || turn < 0 || item < 0 || token.IsEmpty)
        {
            return false;
        }

        delta = new BorrowedAgentMessageDelta(
            idBuffer[..thread],
            idBuffer.Slice(MaxIdLength, turn),
            idBuffer.Slice(2 * MaxIdLength, item),
            token);
        return true;
    }

    /// <summary>The id's length in <paramref name="destination"/>, or -1 when it is not a string or too long.</summary>
    private static int ReadId(ref Utf8JsonReader reader, Span<char> destination)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > destination.Length)
        {
            reader.Skip();
            return -1;
        }

        // Unescaped text is never longer than the escaped bytes, and UTF-8 bytes ≥ UTF-16 chars: it fits.
        return reader.CopyString(destination);
    }
}

/// <summary>Receives a streamed <c>item/agentMessage/delta</c> read in place (valid only during the call).</summary>
public delegate void AgentMessageDeltaHandler(in BorrowedAgentMessageDelta delta);
