using Orchestrator.Agents.Codex.Protocol;

namespace Orchestrator.Agents.Codex;

/// <summary>Maps engine-neutral input to Codex <c>UserInput</c> items.</summary>
public static class CodexInputMapper
{
    public static IReadOnlyList<CodexUserInput> Map(IReadOnlyList<AgentInput> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Count == 0)
        {
            throw new ArgumentException("A turn needs at least one input.", nameof(input));
        }

        return [.. input.Select(Map)];
    }

    public static CodexUserInput Map(AgentInput input) => input switch
    {
        TextInput text => new CodexUserInput("text", Text: text.Text),
        ImageInput image => new CodexUserInput("localImage", Path: System.IO.Path.GetFullPath(image.Path)),
        _ => throw new ArgumentException($"Unsupported input {input.GetType().Name}.", nameof(input)),
    };
}
