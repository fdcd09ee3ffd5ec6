using System.Text.Json;

using Orchestrator.Telegram.Updates;

using Telegram.Bot.Types.Enums;

namespace Orchestrator.Telegram.Tests;

/// <summary>One update Telegram.Bot cannot read must not block the ones after it: it comes back empty, with its id and the reason.</summary>
public sealed class TolerantUpdatesTests
{
    private static JsonElement[] Parse(string json) => JsonSerializer.Deserialize<JsonElement[]>(json)!;

    [Fact]
    public void An_unreadable_update_keeps_its_id_and_reason_and_the_others_are_read()
    {
        var updates = TolerantUpdates.Read(Parse("""
            [{"update_id":1,"message":{"message_id":"seven","date":1,"chat":{"id":1,"type":"private"}}},
             {"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":1,"type":"private"},"text":"fine"}}]
            """));

        Assert.Equal([1, 2], updates.Select(u => u.Id));
        Assert.Equal(UpdateType.Unknown, updates[0].Type);
        Assert.Contains("$.message.message_id", updates[0].ParseError, StringComparison.Ordinal);
        Assert.Null(updates[1].ParseError);
        Assert.Equal("fine", updates[1].Message!.Text);
    }

    [Theory]
    [InlineData("""{"update_id":3,"message":{"message_id":1,"date":1,"text":"no chat"}}""", "$.message.chat")]
    [InlineData("""{"update_id":3,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"reply_to_message":{"message_id":2,"date":1}}}""", "$.message.reply_to_message.chat")]
    [InlineData("""{"update_id":3,"callback_query":{"id":"cb","data":"x"}}""", "$.callback_query.from")]
    public void Fields_the_Bot_API_always_sends_are_required_instead_of_read_as_null(string update, string missing)
    {
        var read = Assert.Single(TolerantUpdates.Read(Parse($"[{update}]")));

        Assert.Equal(3, read.Id);
        Assert.Null(read.Message);
        Assert.Null(read.CallbackQuery);
        Assert.Equal($"Required field {missing} is missing.", read.ParseError);
    }

    [Fact]
    public void An_update_without_a_readable_id_cannot_be_confirmed_and_is_dropped()
    {
        var updates = TolerantUpdates.Read(Parse("""[{"update_id":"x","message":5}, 7, {"update_id":9}]"""));

        Assert.Equal(9, Assert.Single(updates).Id);
    }
}
