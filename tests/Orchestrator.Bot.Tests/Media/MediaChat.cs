using System.Text.Json.Nodes;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Media;

/// <summary>The owner sending photos and files to a <see cref="CodexBot"/>, and what tests check afterwards.</summary>
internal static class MediaChat
{
    public const string FakeAnswer = "Hello from the fake model.";

    /// <summary>Sends a photo; returns the user message id.</summary>
    public static int SendPhoto(this CodexBot codex, string fileId, byte[] bytes, FakeMediaMessage? details = null)
    {
        codex.Telegram.SendPhoto(codex.Chat, BotHarness.OwnerId, fileId, bytes, details);
        return codex.Telegram.LastUserMessageId;
    }

    /// <summary>Sends a file ("as document"); returns the user message id.</summary>
    public static int SendDocument(this CodexBot codex, string fileId, byte[] bytes, string? fileName, string? mimeType, FakeMediaMessage? details = null)
    {
        codex.Telegram.SendDocument(codex.Chat, BotHarness.OwnerId, fileId, bytes, fileName, mimeType, details);
        return codex.Telegram.LastUserMessageId;
    }

    /// <summary>Waits for the finished answer (no Stop button) to <paramref name="userMessageId"/>.</summary>
    public static Task<FakeBotMessage> FinalAnswerAsync(this CodexBot codex, int userMessageId, string text = FakeAnswer) =>
        codex.ReplyToAsync(userMessageId, m => m.Text.Contains(text, StringComparison.Ordinal) && m.Buttons.Count == 0, $"the final answer '{text}'");

    public static string ImagesFolder(this CodexBot codex, string agentId) =>
        Path.Combine(codex.Bot.DataDirectory, "images", agentId, "telegram");

    /// <summary>Every file under <c>&lt;DataDirectory&gt;/images</c>.</summary>
    public static IReadOnlyList<string> StoredFiles(this CodexBot codex)
    {
        var images = Path.Combine(codex.Bot.DataDirectory, "images");
        return Directory.Exists(images) ? Directory.GetFiles(images, "*", SearchOption.AllDirectories) : [];
    }

    public static Task<string> AgentIdAsync(this CodexBot codex) => Sessions.StreamingTests.AgentIdAsync(codex);

    public static async Task<IReadOnlyList<TurnRecord>> TurnsAsync(this CodexBot codex) =>
        await codex.Bot.Service<TurnStore>().ListByAgentAsync(await codex.AgentIdAsync(), 100);

    /// <summary>The last user message of a model request: its input_text texts and its decoded input_image bytes.</summary>
    public static (IReadOnlyList<string> Texts, IReadOnlyList<byte[]> Images) LastUserMessage(this RecordedRequest request)
    {
        var message = request.Input.OfType<JsonObject>().Last(item => (string?)item["role"] == "user");
        var parts = (message["content"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return (
            parts.Where(p => (string?)p["type"] == "input_text").Select(p => (string?)p["text"] ?? "").ToList(),
            parts.Where(p => (string?)p["type"] == "input_image").Select(p => TestImages.FromDataUrl((string?)p["image_url"] ?? "")).ToList());
    }
}
