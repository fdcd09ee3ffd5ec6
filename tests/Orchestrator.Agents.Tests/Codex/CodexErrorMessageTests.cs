using Orchestrator.Agents.Codex;

namespace Orchestrator.Agents.Tests.Codex;

public sealed class CodexErrorMessageTests
{
    [Theory]
    [InlineData("{\"error\": {\"message\": \"fake bad request\", \"type\": \"invalid_request_error\", \"code\": \"bad\"}}", "fake bad request")]
    [InlineData("stream disconnected before completion", "stream disconnected before completion")]
    [InlineData("{not json", "{not json")]
    [InlineData("{\"error\": {\"code\": 1}}", "{\"error\": {\"code\": 1}}")]
    public void Extracts_the_message_of_a_raw_error_body(string raw, string expected)
    {
        Assert.Equal(expected, CodexErrorMessage.Humanize(raw));
    }
}
