using Orchestrator.Bot.Security;
using Orchestrator.Bot.Sessions;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>The live stream's redaction: what leaves piece by piece never carries a secret, whole or in halves.</summary>
public sealed class StreamRedactionTests
{
    private const string Token = "7000000001:AAsecretsecretsecretsecretsecret12345";
    private static readonly SecretRedactor Redactor = new([Token, "AAsecretsecretsecretsecretsecret12345"]);

    [Theory]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(20)]
    [InlineData(36)]
    public void A_secret_split_across_two_pieces_leaves_as_redacted_and_no_piece_carries_a_part_of_it(int split)
    {
        var stream = new StreamRedaction(Redactor);

        var pieces = new[] { stream.Push("token: " + Token[..split]), stream.Push(Token[split..] + " done"), stream.Flush() };

        Assert.Equal("token: [redacted] done", string.Concat(pieces));
        Assert.DoesNotContain(Token[..split], pieces[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_piece_that_only_looked_like_the_start_of_a_secret_goes_out_with_the_next_piece_or_at_the_end()
    {
        var stream = new StreamRedaction(Redactor);

        Assert.Equal("call ", stream.Push("call 7000"));
        Assert.Equal("7000 now", stream.Push(" now"));
        Assert.Equal("", stream.Push("7000"));
        Assert.Equal("7000", stream.Flush());
    }

    [Fact]
    public void Without_secrets_every_piece_goes_out_as_it_is()
    {
        var stream = new StreamRedaction(SecretRedactor.None);
        const string piece = "7000000001:AA";

        Assert.Same(piece, stream.Push(piece));
        Assert.Equal("", stream.Flush());
    }
}
