using System.Text;
using System.Text.Json;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// A notification read in place from the connection's receive buffer: the method name and the raw <c>params</c> JSON
/// as UTF-8 bytes, nothing parsed into objects, nothing copied.
/// <para>
/// <b>Lifetime:</b> borrowed. It, its spans and any <see cref="Utf8JsonReader"/> made from it are valid only until the
/// <see cref="BorrowedNotificationHandler"/> that received it returns; the buffer is then reused for another message.
/// Copy (e.g. into a string) whatever must outlive the call. Being a <c>ref struct</c>, it cannot be stored or captured.
/// </para>
/// </summary>
public readonly ref struct BorrowedNotification
{
    internal BorrowedNotification(ReadOnlySpan<byte> method, ReadOnlySpan<byte> parameters)
    {
        Method = method;
        Params = parameters;
    }

    /// <summary>The method name in UTF-8 (a name written with JSON escapes never takes the borrowed path).</summary>
    public ReadOnlySpan<byte> Method { get; }

    /// <summary>The <c>params</c> value as raw UTF-8 JSON (already validated), empty when the message has none.</summary>
    public ReadOnlySpan<byte> Params { get; }

    public bool HasParams => !Params.IsEmpty;

    /// <summary>Whether the method is <paramref name="utf8Method"/> (e.g. <c>"item/agentMessage/delta"u8</c>), without allocating.</summary>
    public bool IsMethod(ReadOnlySpan<byte> utf8Method) => Method.SequenceEqual(utf8Method);

    /// <summary>A reader over <see cref="Params"/>, before its first token. Same lifetime as this notification.</summary>
    public Utf8JsonReader CreateParamsReader() => new(Params);

    /// <summary>The method name (allocates; for logs).</summary>
    public override string ToString() => Encoding.UTF8.GetString(Method);
}

/// <summary>
/// Handles a notification whose params are borrowed (<see cref="BorrowedNotification"/>: valid only during the call).
/// Returns true when it handled the notification; false lets it go on to <see cref="JsonRpcConnection.NotificationHandler"/>
/// as a <see cref="JsonRpcNotification"/> whose params may be kept.
/// </summary>
public delegate bool BorrowedNotificationHandler(in BorrowedNotification notification);
