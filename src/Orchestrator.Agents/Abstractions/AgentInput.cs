namespace Orchestrator.Agents;

/// <summary>One piece of user input for a turn.</summary>
public abstract record AgentInput;

/// <summary>Text from the user.</summary>
public sealed record TextInput(string Text) : AgentInput;

/// <summary>An image file on local disk (Codex <c>localImage</c>; Claude base64 image block).</summary>
public sealed record ImageInput(string Path) : AgentInput;
