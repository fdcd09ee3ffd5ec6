using System.Text;
using Orchestrator.Agents;
using Orchestrator.Bot.Rendering;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// The text of an approval request: what the agent wants to do, where, and why; and its buttons. A command, diff or
/// reason too long for the prompt is cut there, and its full text goes out first as a document (<see cref="FullText"/>)
/// that the prompt names: what is approved is always visible in full.
/// </summary>
public static class ApprovalPrompt
{
    private const int MaxCommand = 1200;
    private const int MaxDiff = 1500;
    private const int MaxReason = 600;

    /// <param name="attachment">The file name of the document with the full text (sent before), or null when nothing was cut.</param>
    public static OutgoingContent Pending(ApprovalRequest request, string approvalKey, TimeSpan timeout, string? attachment = null)
    {
        var (html, plain) = Describe(request);
        if (attachment is not null)
        {
            var what = $"📎 Full {Subject(request)} attached ({attachment}, the message this replies to): Approve applies to exactly that.";
            html.Append("\n\n<b>").Append(HtmlText.Escape(what)).Append("</b>");
            plain.Append("\n\n").Append(what);
        }

        var minutes = Math.Max(1, (int)Math.Round(timeout.TotalMinutes));
        html.Append("\n\n<i>Declined automatically if nobody answers within ").Append(minutes).Append(" min.</i>");
        plain.Append("\n\nDeclined automatically if nobody answers within ").Append(minutes).Append(" min.");
        var keyboard = new InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton.WithCallbackData("✅ Approve", CallbackData(approvalKey, ApprovalDecision.Approve)),
                InlineKeyboardButton.WithCallbackData("✅ For session", CallbackData(approvalKey, ApprovalDecision.ApproveForSession)),
            ],
            [InlineKeyboardButton.WithCallbackData("🚫 Deny", CallbackData(approvalKey, ApprovalDecision.Deny))],
        ]);
        return new OutgoingContent(html.ToString(), plain.ToString(), keyboard);
    }

    public static OutgoingContent Resolved(ApprovalRequest request, string outcome)
    {
        var (html, plain) = Describe(request);
        html.Append("\n\n<b>").Append(HtmlText.Escape(outcome)).Append("</b>");
        plain.Append("\n\n").Append(outcome);
        return new OutgoingContent(html.ToString(), plain.ToString());
    }

    public static string CallbackData(string approvalKey, ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approve => $"ap:{approvalKey}:a",
        ApprovalDecision.ApproveForSession => $"ap:{approvalKey}:s",
        _ => $"ap:{approvalKey}:d",
    };

    /// <summary>Parses <c>ap:KEY:a|s|d</c>.</summary>
    public static bool TryParseCallback(string? data, out string approvalKey, out ApprovalDecision decision)
    {
        approvalKey = "";
        decision = ApprovalDecision.Deny;
        var parts = data?.Split(':');
        if (parts is not { Length: 3 } || parts[0] != "ap" || parts[1].Length == 0)
        {
            return false;
        }

        approvalKey = parts[1];
        switch (parts[2])
        {
            case "a":
                decision = ApprovalDecision.Approve;
                return true;
            case "s":
                decision = ApprovalDecision.ApproveForSession;
                return true;
            case "d":
                decision = ApprovalDecision.Deny;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The full request as a text document when the prompt has to cut something; else null.</summary>
    public static OutgoingDocument? FullText(ApprovalRequest request, string approvalKey)
    {
        var command = request.Command ?? "";
        var diff = Diff(request);
        var reason = request.Reason ?? "";
        if (command.Length <= MaxCommand && diff.Length <= MaxDiff && reason.Length <= MaxReason)
        {
            return null;
        }

        var text = new StringBuilder();
        switch (request.Kind)
        {
            case ApprovalKind.Command:
                text.Append("Command:\n").Append(command).Append('\n');
                break;
            case ApprovalKind.FileChange:
                foreach (var change in request.Changes ?? [])
                {
                    text.Append(change.Kind).Append(' ').Append(change.Path).Append('\n');
                    if (!string.IsNullOrEmpty(change.Diff))
                    {
                        text.Append(change.Diff).Append('\n');
                    }

                    text.Append('\n');
                }

                break;
            default:
                text.Append("Tool: ").Append(request.ToolName ?? "?").Append('\n');
                break;
        }

        if (!string.IsNullOrWhiteSpace(request.Cwd))
        {
            text.Append("\nFolder: ").Append(request.Cwd).Append('\n');
        }

        if (reason.Length > 0)
        {
            text.Append("\nReason:\n").Append(reason).Append('\n');
        }

        var subject = Subject(request);
        var name = $"approval-{approvalKey}-{(request.Kind == ApprovalKind.FileChange ? "changes" : "command")}.txt";
        return OutgoingDocument.FromText(name, text.ToString(), $"The full {subject} of the approval request below (shortened there).");
    }

    private static string Subject(ApprovalRequest request) => request.Kind switch
    {
        ApprovalKind.Command => "command",
        ApprovalKind.FileChange => "diff",
        _ => "request",
    };

    private static string Diff(ApprovalRequest request) =>
        string.Join("\n", request.Changes?.Select(c => c.Diff).Where(d => !string.IsNullOrEmpty(d)) ?? []);

    private static (StringBuilder Html, StringBuilder Plain) Describe(ApprovalRequest request)
    {
        var html = new StringBuilder();
        var plain = new StringBuilder();
        switch (request.Kind)
        {
            case ApprovalKind.Command:
                html.Append("✋ <b>The agent wants to run a command</b>\n<pre>").Append(HtmlText.Escape(Cut(request.Command ?? "?", MaxCommand))).Append("</pre>");
                plain.Append("✋ The agent wants to run a command\n").Append(Cut(request.Command ?? "?", MaxCommand));
                break;
            case ApprovalKind.FileChange:
                var paths = request.Changes?.Select(c => $"{c.Kind} {c.Path}").ToList() ?? [];
                html.Append("✋ <b>The agent wants to change files</b>\n").Append(HtmlText.Escape(string.Join("\n", paths)));
                plain.Append("✋ The agent wants to change files\n").Append(string.Join("\n", paths));
                var diff = Diff(request);
                if (diff.Length > 0)
                {
                    html.Append("\n<pre><code class=\"language-diff\">").Append(HtmlText.Escape(Cut(diff, MaxDiff))).Append("</code></pre>");
                    plain.Append('\n').Append(Cut(diff, MaxDiff));
                }

                break;
            default:
                html.Append("✋ <b>The agent wants to use ").Append(HtmlText.Escape(request.ToolName ?? "a tool")).Append("</b>");
                plain.Append("✋ The agent wants to use ").Append(request.ToolName ?? "a tool");
                break;
        }

        if (!string.IsNullOrWhiteSpace(request.Cwd))
        {
            html.Append("\n📁 <code>").Append(HtmlText.Escape(request.Cwd)).Append("</code>");
            plain.Append("\n📁 ").Append(request.Cwd);
        }

        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            html.Append("\n💬 ").Append(HtmlText.Escape(Cut(request.Reason, MaxReason)));
            plain.Append("\n💬 ").Append(Cut(request.Reason, MaxReason));
        }

        return (html, plain);
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        if (char.IsHighSurrogate(text[max - 1]))
        {
            max--;
        }

        return text[..max] + "\n…";
    }
}
