using System.Globalization;
using System.Text;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Telegram;

/// <summary>Bad input from Telegram never stops the polling loop: every well-formed message around it is still answered.</summary>
public sealed class FuzzedUpdatesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Random_shapes_unknown_types_missing_fields_and_huge_texts_are_survived_and_nothing_is_lost()
    {
        await using var bot = await BotHarness.StartAsync();
        var random = new Random(20261122);
        var expectedReplies = 0;
        for (var i = 0; i < 60; i++)
        {
            bot.Telegram.EnqueueRawUpdate(RandomUpdate(random, i));
            if (i % 10 == 0)
            {
                bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/whoami");
                expectedReplies++;
            }
        }

        await bot.WaitForHandledAsync(Timeout);
        await bot.Telegram.WaitForAsync(
            t => t.BotMessages(BotHarness.OwnerId).Count(m => m.Text.Contains("Role: allowed", StringComparison.Ordinal)) >= expectedReplies,
            Timeout,
            "an answer to every well-formed /whoami");

        // Still alive and polling afterwards.
        bot.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/help");
        await bot.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("/whoami", StringComparison.Ordinal) && m.Text.Contains("/help", StringComparison.Ordinal), Timeout);
        var secret = bot.Telegram.Token[(bot.Telegram.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, l => l.Contains("does not have the shape of a Telegram update", StringComparison.Ordinal));
    }

    private static string RandomUpdate(Random random, int i)
    {
        var chat = (-1000 - i).ToString(CultureInfo.InvariantCulture);
        var huge = new string('x', 100_000);
        var shapes = new[]
        {
            """{"message":"not an object"}""",
            """{"message":{"message_id":"seven","chat":{"id":1,"type":"private"}}}""",
            """{"message":{"message_id":1,"chat":5,"text":"hi"}}""",
            """{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":12345}}""",
            """{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"}}}""",
            $$$"""{"message":{"message_id":1,"date":1,"chat":{"id":{{{chat}}},"type":"supergroup"},"from":{"id":{{{BotHarness.StrangerId}}},"is_bot":false,"first_name":"S"},"text":"{{{huge}}}"}}""",
            """{"poll":{"id":"1","question":"?","options":[]}}""",
            """{"business_message":{"x":[1,2,{"y":null}]}}""",
            """{"callback_query":{"id":"cb","from":{"id":42,"is_bot":false,"first_name":"A"},"data":"stop:99"}}""",
            """{"callback_query":{"id":17}}""",
            """{"edited_message":{"message_id":1,"date":1,"chat":{"id":1,"type":"weird-new-type"},"text":"edit"}}""",
            """{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"O"},"photo":"nope"}}""",
            """{"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"entities":[{"type":"bot_command","offset":-5,"length":999}],"text":"/","from":{"id":1001,"is_bot":false,"first_name":"O"}}}""",
            "{}",
            "{\"message\":" + new StringBuilder().Insert(0, "{\"a\":", 50).Append('1').Append('}', 50) + "}",
        };
        return shapes[random.Next(shapes.Length)];
    }
}
