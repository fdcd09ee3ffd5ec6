using System.Net;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.Events;

namespace Orchestrator.Api.Tests.Events;

/// <summary><c>GET /api/v1/events</c>: a user who is not an admin lists the events of their own chat, as many as asked for.</summary>
public sealed class EventsApiTests : IAsyncLifetime
{
    private const long OtherUserId = 1002;
    private ApiBot _api = null!;

    public async Task InitializeAsync() =>
        _api = await ApiBot.StartAsync(s => s["Access:AllowedUserIds:1"] = OtherUserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_user_gets_the_newest_events_of_their_own_chat_even_when_other_chats_have_newer_ones()
    {
        var log = _api.Bot.Service<IEventLog>();
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(new NewControlEvent("test.own", $"own {i}", ChatId: BotHarness.OwnerId));
        }

        for (var i = 1; i <= 30; i++)
        {
            await log.AppendAsync(new NewControlEvent("test.other", $"other {i}", ChatId: OtherUserId));
        }

        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var listed = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/events?limit=3"), HttpStatusCode.OK);
        Assert.Equal<string>(["own 5", "own 4", "own 3"], listed.EnumerateArray().Select(e => e.GetProperty("summary").GetString()!).ToArray());

        // An admin sees every chat's events: the newest are the other chat's.
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        var all = await ApiAssert.JsonAsync(await admin.GetAsync("/api/v1/events?limit=3"), HttpStatusCode.OK);
        Assert.Equal<string>(["other 30", "other 29", "other 28"], all.EnumerateArray().Select(e => e.GetProperty("summary").GetString()!).ToArray());
    }
}
