using System.Text.RegularExpressions;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// The parsed parts of <c>/send AGENT ACTION PROJECT [SCOPE_OR_TASK…] [--model MODEL]</c> (shortcuts such as
/// <c>/implement PROJECT task…</c> fill AGENT and ACTION themselves).
/// </summary>
public sealed record SendCommand(string Agent, string Action, string Project, string Task, string? Model)
{
    public const int MaxTaskLength = 8000;

    public const string Usage =
        "/send AGENT ACTION PROJECT [SCOPE_OR_TASK…] [--model MODEL] — AGENT: an engine (codex, claude, copilot…) or an agent of this chat; " +
        "ACTION: analyze, review (read-only), implement, plan (in a worktree of their own).";

    /// <summary>Parses the arguments of <c>/send</c>; throws <see cref="Operations.RefusedException"/> with the usage on bad input.</summary>
    public static SendCommand Parse(string arguments)
    {
        var (rest, model) = TakeModel(arguments);
        var parts = rest.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 3)
        {
            throw new Operations.RefusedException("Usage: " + Usage);
        }

        return Build(parts[0], parts[1].ToLowerInvariant(), parts[2], parts.Length > 3 ? parts[3] : "", model);
    }

    /// <summary>Parses a shortcut's arguments (<c>PROJECT [SCOPE_OR_TASK…] [--model MODEL]</c>) for a known agent and action.</summary>
    public static SendCommand ParseShortcut(string agent, string action, string arguments)
    {
        var (rest, model) = TakeModel(arguments);
        var parts = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 1)
        {
            throw new Operations.RefusedException($"Usage: /{action} PROJECT {(SessionActions.UsesWorktree(action) ? "TASK…" : "[SCOPE…]")} [--model MODEL]");
        }

        return Build(agent, action, parts[0], parts.Length > 1 ? parts[1] : "", model);
    }

    /// <summary>The command from its parts as separate fields (the HTTP API's body): the same checks as <see cref="Parse"/>.</summary>
    public static SendCommand Of(string agent, string action, string project, string? task, string? model)
    {
        if (agent.Length is 0 or > 64 || agent.Any(char.IsWhiteSpace) || project.Length is 0 or > 64 || project.Any(char.IsWhiteSpace))
        {
            throw new Operations.RefusedException("Name an agent (an engine or an agent of the chat) and a project by its slug.\nUsage: " + Usage);
        }

        return Build(agent, action.Trim().ToLowerInvariant(), project, task ?? "", model is null ? null : CheckModel(model.Trim()));
    }

    private static SendCommand Build(string agent, string action, string project, string task, string? model)
    {
        if (!SessionActions.IsKnown(action))
        {
            throw new Operations.RefusedException($"Unknown action “{action}”: use one of {string.Join(", ", SessionActions.All)}.\nUsage: {Usage}");
        }

        task = task.Trim();
        if (task.Length == 0 && SessionActions.UsesWorktree(action))
        {
            throw new Operations.RefusedException($"Say what to {action}: /send {agent} {action} {project} TASK…");
        }

        if (task.Length > MaxTaskLength)
        {
            throw new Operations.RefusedException($"The task is too long ({task.Length} characters; at most {MaxTaskLength}).");
        }

        if (task.Length == 0)
        {
            task = "the whole repository";
        }

        return new SendCommand(agent.ToLowerInvariant(), action, project.ToLowerInvariant(), task, model);
    }

    private static (string Remainder, string? Model) TakeModel(string arguments)
    {
        var match = Regex.Match(arguments, @"(?:^|\s)--model(?:\s+|=)(\S+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            if (Regex.IsMatch(arguments, @"(?:^|\s)--model\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                throw new Operations.RefusedException("--model needs a model name, e.g. --model gpt-5.");
            }

            return (arguments.Trim(), null);
        }

        var model = CheckModel(match.Groups[1].Value);
        return ((arguments[..match.Index] + " " + arguments[(match.Index + match.Length)..]).Trim(), model);
    }

    private static string CheckModel(string model) =>
        model.Length is > 0 and <= 100 && model.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or ':' or '/')
            ? model
            : throw new Operations.RefusedException("That is not a model name.");
}
