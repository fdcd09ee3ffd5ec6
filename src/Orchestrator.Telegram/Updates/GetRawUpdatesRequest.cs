using System.Text.Json;

using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Telegram.Updates;

/// <summary>
/// getUpdates with Telegram.Bot's parameters, whose result is left as raw JSON: Telegram.Bot reads the whole array in
/// one go, so one update it cannot read would fail the call again and again (the offset could never pass it).
/// <see cref="TolerantUpdates"/> reads the updates one by one.
/// </summary>
public sealed class GetRawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public int? Offset { get; set; }

    public int? Limit { get; set; }

    /// <summary>Long-poll timeout in seconds (0 = answer at once).</summary>
    public int? Timeout { get; set; }

    public IEnumerable<UpdateType>? AllowedUpdates { get; set; }
}
