using System.Text;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// Turns the stream-json messages of one turn into <see cref="AgentEvent"/>s: streamed text blocks become message items with
/// <see cref="TextDelta"/>s, tool_use blocks <see cref="ItemStarted"/>, their tool_result blocks <see cref="ItemCompleted"/>.
/// Not thread-safe: the owning turn calls it under its lock.
/// </summary>
internal sealed class ClaudeEventTranslator(string? cwd, Action<AgentEvent> emit)
{
    private readonly Dictionary<int, TextBlock> _textBlocks = [];
    private readonly HashSet<string> _streamedMessages = [];
    private readonly Dictionary<string, AgentItem> _openTools = [];
    private readonly HashSet<string> _seenTools = [];
    private readonly HashSet<string> _deniedTools = [];
    private string? _messageId;
    private int _anonymous;

    /// <summary>The text of the last message block (complete, or partial after an interrupt).</summary>
    public string? LastText { get; private set; }

    /// <summary>The text of the last synthetic API-error message, if any.</summary>
    public string? ApiErrorText { get; private set; }

    public void OnMessage(ClaudeOutputMessage message)
    {
        switch (message.Type)
        {
            case "stream_event" when message.Event is { } streamEvent:
                OnStreamEvent(streamEvent);
                break;
            case "assistant" when message.Message is { } assistant:
                OnAssistant(message, assistant);
                break;
            case "user" when message.Message is { } user:
                OnUser(user);
                break;
        }
    }

    /// <summary>The tool use was denied by the user: its result completes the item as declined.</summary>
    public void MarkDenied(string toolUseId) => _deniedTools.Add(toolUseId);

    /// <summary>Completes the items still open when the turn ends (a cut message keeps its partial text).</summary>
    public void CloseOpenItems()
    {
        foreach (var index in _textBlocks.Keys.ToList())
        {
            CompleteText(index);
        }

        foreach (var open in _openTools.Values)
        {
            emit(new ItemCompleted(open with { Status = AgentItemStatus.Failed }));
        }

        _openTools.Clear();
    }

    private void OnStreamEvent(ClaudeStreamEvent streamEvent)
    {
        var index = streamEvent.Index ?? 0;
        switch (streamEvent.Type)
        {
            case "message_start":
                _messageId = streamEvent.Message?.Id ?? $"message-{++_anonymous}";
                _streamedMessages.Add(_messageId);
                _textBlocks.Clear();
                break;
            case "content_block_start" when streamEvent.ContentBlock?.Type == "text":
                StartText(index);
                break;
            case "content_block_delta" when streamEvent.Delta is { Type: "text_delta", Text: { } text }:
                var block = _textBlocks.TryGetValue(index, out var open) ? open : StartText(index);
                block.Text.Append(text);
                LastText = block.Text.ToString();
                emit(new TextDelta(block.ItemId, text));
                break;
            case "content_block_stop":
                CompleteText(index);
                break;
        }
    }

    private TextBlock StartText(int index)
    {
        _messageId ??= $"message-{++_anonymous}";
        var block = new TextBlock(index == 0 ? _messageId : $"{_messageId}:{index}", new StringBuilder());
        _textBlocks[index] = block;
        emit(new ItemStarted(new AgentItem(block.ItemId, AgentItemKind.AgentMessage, AgentItemStatus.InProgress)));
        return block;
    }

    private void CompleteText(int index)
    {
        if (_textBlocks.Remove(index, out var block))
        {
            var text = block.Text.ToString();
            LastText = text;
            emit(new ItemCompleted(new AgentItem(block.ItemId, AgentItemKind.AgentMessage, AgentItemStatus.Completed, Text: text)));
        }
    }

    private void OnAssistant(ClaudeOutputMessage message, ClaudeApiMessage assistant)
    {
        var blocks = ClaudeMessageParser.Blocks(assistant.Content);
        if (message.IsApiErrorMessage == true)
        {
            ApiErrorText = string.Join('\n', blocks.Where(b => b.Type == "text").Select(b => b.Text));
            return;
        }

        var streamed = assistant.Id is not null && _streamedMessages.Contains(assistant.Id);
        foreach (var block in blocks)
        {
            if (block.Type == "text" && !streamed && !string.IsNullOrEmpty(block.Text))
            {
                // Not streamed (no partial messages for it): the whole text at once.
                var id = assistant.Id ?? $"message-{++_anonymous}";
                emit(new ItemStarted(new AgentItem(id, AgentItemKind.AgentMessage, AgentItemStatus.InProgress)));
                emit(new TextDelta(id, block.Text));
                emit(new ItemCompleted(new AgentItem(id, AgentItemKind.AgentMessage, AgentItemStatus.Completed, Text: block.Text)));
                LastText = block.Text;
            }
            else if (block is { Type: "tool_use", Id: { } toolUseId } && _seenTools.Add(toolUseId))
            {
                var item = ClaudeToolMapper.ToItem(toolUseId, block.Name ?? "unknown", block.Input, cwd);
                _openTools[toolUseId] = item;
                emit(new ItemStarted(item));
            }
        }
    }

    private void OnUser(ClaudeApiMessage user)
    {
        foreach (var block in ClaudeMessageParser.Blocks(user.Content))
        {
            if (block is { Type: "tool_result", ToolUseId: { } toolUseId } && _openTools.Remove(toolUseId, out var started))
            {
                emit(new ItemCompleted(ClaudeToolMapper.Complete(started, block, _deniedTools.Contains(toolUseId))));
            }
        }
    }

    private sealed record TextBlock(string ItemId, StringBuilder Text);
}
