using System.Text.Json;

namespace Orchestrator.Agents.JsonRpc;

internal enum InboundKind
{
    /// <summary>Valid JSON that is not an object (invalid JSON makes <see cref="InboundMessage.Scan"/> throw).</summary>
    NotAnObject,
    Notification,
    Request,
    Response,
    Unrecognised,
}

/// <summary>
/// One received line: its UTF-8 bytes in a <see cref="MessageArena"/> chunk (held until <see cref="Release"/>) and
/// where the top-level members are, found by <see cref="Scan"/> in one pass without allocating. Requests and
/// notifications wait in the dispatch queue in this form.
/// </summary>
internal readonly struct InboundMessage
{
    private readonly MessageArena.Chunk _chunk;
    private readonly int _offset;
    private readonly int _length;
    private readonly int _methodStart;
    private readonly int _methodLength;
    private readonly int _paramsStart;
    private readonly int _paramsLength;

    private InboundMessage(MessageArena.Chunk chunk, int offset, int length, InboundKind kind, int methodStart, int methodLength, bool methodEscaped, int paramsStart, int paramsLength, long callId)
    {
        _chunk = chunk;
        _offset = offset;
        _length = length;
        Kind = kind;
        _methodStart = methodStart;
        _methodLength = methodLength;
        MethodEscaped = methodEscaped;
        _paramsStart = paramsStart;
        _paramsLength = paramsLength;
        CallId = callId;
    }

    public InboundKind Kind { get; }

    /// <summary>The method name uses JSON escapes: <see cref="Method"/> is raw, only the parsed path reads it.</summary>
    public bool MethodEscaped { get; }

    /// <summary>The id of a response (when <see cref="Kind"/> is <see cref="InboundKind.Response"/>).</summary>
    public long CallId { get; }

    public ReadOnlySpan<byte> Line => _chunk.Buffer.AsSpan(_offset, _length);

    public ReadOnlyMemory<byte> Json => _chunk.Buffer.AsMemory(_offset, _length);

    /// <summary>The method name as written, without quotes.</summary>
    public ReadOnlySpan<byte> Method => _chunk.Buffer.AsSpan(_offset + _methodStart, _methodLength);

    /// <summary>The raw params value, empty when absent.</summary>
    public ReadOnlySpan<byte> Params => _chunk.Buffer.AsSpan(_offset + _paramsStart, _paramsLength);

    /// <summary>
    /// Reads the top level of the message in <paramref name="chunk"/> at <paramref name="offset"/> in one pass and
    /// validates the whole line as JSON (as <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
    /// would). The result holds the chunk reference the caller had: release it through the result.
    /// </summary>
    /// <exception cref="JsonException">The line is not one valid JSON value.</exception>
    public static InboundMessage Scan(MessageArena.Chunk chunk, int offset, int length)
    {
        var reader = new Utf8JsonReader(chunk.Buffer.AsSpan(offset, length));
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            EnsureEnd(ref reader);
            return new InboundMessage(chunk, offset, length, InboundKind.NotAnObject, 0, 0, false, 0, 0, 0);
        }

        int methodStart = 0, methodLength = 0, paramsStart = 0, paramsLength = 0;
        bool hasMethod = false, methodEscaped = false, hasId = false, numericId = false;
        long callId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                hasMethod = reader.TokenType == JsonTokenType.String;
                if (hasMethod)
                {
                    methodStart = (int)reader.TokenStartIndex + 1;
                    methodLength = reader.ValueSpan.Length;
                    methodEscaped = reader.ValueIsEscaped;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                hasId = reader.TokenType is JsonTokenType.Number or JsonTokenType.String;
                numericId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out callId);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                paramsStart = (int)reader.TokenStartIndex;
                reader.Skip();
                paramsLength = (int)reader.BytesConsumed - paramsStart;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);
        var kind = hasMethod ? (hasId ? InboundKind.Request : InboundKind.Notification)
            : numericId ? InboundKind.Response
            : InboundKind.Unrecognised;
        return new InboundMessage(chunk, offset, length, kind, methodStart, methodLength, methodEscaped, paramsStart, paramsLength, callId);
    }

    /// <summary>The line parsed into elements that may be kept (a copy independent of the buffer).</summary>
    public JsonElement ParseRoot()
    {
        using var document = JsonDocument.Parse(Json);
        return document.RootElement.Clone();
    }

    /// <summary>Gives the bytes back to the arena; the message must not be used afterwards.</summary>
    public void Release() => _chunk.Release();

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Throws on anything but whitespace after the value (isFinalBlock: the reader knows the input ends here).
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the JSON value.");
        }
    }
}
