using Orchestrator.Agents;
using Orchestrator.Bot.Sessions;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>What an approval prompt shows, and the full text that goes out as a document when the prompt must cut.</summary>
public sealed class ApprovalPromptTests
{
    [Fact]
    public void A_short_request_has_no_document_and_its_prompt_mentions_none()
    {
        var request = new ApprovalRequest("1", ApprovalKind.Command, Command: "ls -la", Cwd: "/work");

        Assert.Null(ApprovalPrompt.FullText(request, "k"));
        Assert.DoesNotContain("attached", ApprovalPrompt.Pending(request, "k", TimeSpan.FromMinutes(5)).PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_diff_is_cut_in_the_prompt_and_the_document_has_every_change_in_full()
    {
        var first = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"+line {i} of a.cs"));
        var second = "-old\n+new in b.cs at the very end";
        var request = new ApprovalRequest("2", ApprovalKind.FileChange, Cwd: "/repo", Changes: [new FileChange("a.cs", "update", first), new FileChange("b.cs", "add", second)]);

        var document = ApprovalPrompt.FullText(request, "7-1234");
        Assert.NotNull(document);
        Assert.Equal("approval-7-1234-changes.txt", document.FileName);
        var text = System.Text.Encoding.UTF8.GetString(document.Content);
        Assert.Contains(first, text, StringComparison.Ordinal);
        Assert.Contains("add b.cs\n" + second, text, StringComparison.Ordinal);
        Assert.Contains("/repo", text, StringComparison.Ordinal);
        Assert.True(document.Caption!.Length <= 1024);

        var prompt = ApprovalPrompt.Pending(request, "7-1234", TimeSpan.FromMinutes(5), document.FileName).PlainText;
        Assert.DoesNotContain("b.cs at the very end", prompt, StringComparison.Ordinal); // cut in the prompt
        Assert.Contains("Full diff attached (approval-7-1234-changes.txt", prompt, StringComparison.Ordinal);
    }
}
