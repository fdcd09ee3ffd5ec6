using System.Text;
using System.Text.Json;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>The in-place reader of <c>item/agentMessage/delta</c> params (the streaming fast path).</summary>
public sealed class BorrowedAgentMessageDeltaTests
{
    private const string Thread = "01a2006c-a07c-7151-bd66-9350f29bb628";
    private const string Turn = "01a2006c-a643-79c1-84c3-330b678c1732";

    [Fact]
    public void Ids_and_the_delta_are_read_with_every_JSON_escape_decoded_and_other_members_skipped()
    {
        var json = $$"""{"extra":{"nested":[1,{"delta":"not this"}]},"delta":"caf\u00e9 \"q\" a\\b\nnext \ud83d\ude00\t","itemId":"msg_\u0031","turnId":"{{Turn}}","threadId":"{{Thread}}"}""";

        var (thread, turn, item, delta) = Read(json)!.Value;

        Assert.Equal(Thread, thread);
        Assert.Equal(Turn, turn);
        Assert.Equal("msg_1", item);
        Assert.Equal("café \"q\" a\\b\nnext 😀\t", delta);
    }

    [Fact]
    public void Raw_non_ASCII_text_is_read_as_is()
    {
        var json = $$"""{"threadId":"{{Thread}}","turnId":"{{Turn}}","itemId":"msg_1","delta":"Привет, 世界 👋"}""";

        Assert.Equal("Привет, 世界 👋", Read(json)!.Value.Delta);
    }

    [Theory]
    [InlineData("""{"threadId":"t","turnId":"u","itemId":"i"}""")] // no delta
    [InlineData("""{"threadId":"t","turnId":"u","itemId":"i","delta":42}""")] // delta not a string
    [InlineData("""{"threadId":"t","turnId":null,"itemId":"i","delta":"x"}""")] // an id not a string
    [InlineData("""{"turnId":"u","itemId":"i","delta":"x"}""")] // no thread
    [InlineData("""["threadId","t"]""")] // not an object
    [InlineData("""{"threadId":"t","turnId":"u","itemId":"i","delta":"x" """)] // cut short
    public void Params_of_another_shape_are_left_to_the_parsed_path(string json)
    {
        Assert.Null(Read(json));
    }

    [Fact]
    public void An_id_over_the_in_place_limit_is_left_to_the_parsed_path()
    {
        var json = $$"""{"threadId":"{{new string('t', BorrowedAgentMessageDelta.MaxIdLength + 1)}}","turnId":"u","itemId":"i","delta":"x"}""";

        Assert.Null(Read(json));
    }

    [Fact]
    public void Reading_a_delta_allocates_only_its_text()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"threadId":"{{Thread}}","turnId":"{{Turn}}","itemId":"msg_1","delta":"token 123 of **the** answer\n"}""");
        const int N = 1000;
        var textBytes = 2 * (22 + (2 * "token 123 of **the** answer\n".Length)); // a string of that length, doubled for slack
        ReadAndCompare(json, takeText: true, out _); // JIT and first-use allocations outside the measurement

        var idsOnly = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < N; i++)
        {
            Assert.True(ReadAndCompare(json, takeText: false, out _));
        }

        idsOnly = GC.GetAllocatedBytesForCurrentThread() - idsOnly;
        var withText = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < N; i++)
        {
            ReadAndCompare(json, takeText: true, out var text);
            Assert.NotNull(text);
        }

        withText = GC.GetAllocatedBytesForCurrentThread() - withText;
        var parsed = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            using var document = JsonDocument.Parse(json);
            Assert.NotNull(CodexNotificationParser.Parse(new JsonRpcNotification(CodexNotificationParser.AgentMessageDelta, document.RootElement.Clone())));
        }

        parsed = (GC.GetAllocatedBytesForCurrentThread() - parsed) / 10;

        Assert.True(idsOnly < 1024, $"matching ids allocated {idsOnly} B over {N} deltas");
        Assert.True(withText <= N * textBytes, $"{withText / N} B per delta, expected at most {textBytes}");
        Assert.True(parsed > 3 * textBytes, $"the parsed path allocates {parsed} B per delta"); // the bound above means something
    }

    private static bool ReadAndCompare(byte[] json, bool takeText, out string? text)
    {
        text = null;
        Span<char> ids = stackalloc char[BorrowedAgentMessageDelta.IdBufferLength];
        if (!BorrowedAgentMessageDelta.TryRead(json, ids, out var delta) || !delta.TurnId.SequenceEqual(Turn) || !delta.ThreadId.SequenceEqual(Thread))
        {
            return false;
        }

        text = takeText && delta.ItemId.SequenceEqual("msg_1") ? delta.GetDelta() : null;
        return true;
    }

    private static (string Thread, string Turn, string Item, string Delta)? Read(string json)
    {
        Span<char> ids = stackalloc char[BorrowedAgentMessageDelta.IdBufferLength];
        return BorrowedAgentMessageDelta.TryRead(Encoding.UTF8.GetBytes(json), ids, out var delta)
            ? (delta.ThreadId.ToString(), delta.TurnId.ToString(), delta.ItemId.ToString(), delta.GetDelta())
            : null;
    }
}
