using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.CodingSessions;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Bot.Projects;

/// <summary><c>/projects</c>: every project with its slug, path, default branch, active sessions and disk used by its sessions.</summary>
public sealed class ProjectsCommand(AccessPolicy access, ProjectService projects) : ControlPlaneCommand(access)
{
    public override string Name => "projects";

    public override string Description => "List the projects coding sessions work on";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var list = await projects.ListAsync(cancellationToken);
        if (list.Count == 0)
        {
            await context.ReplyAsync("No projects yet. An admin adds one with /project add PATH [--name NAME] [--default-branch BRANCH].", cancellationToken);
            return;
        }

        var text = new StringBuilder("Projects:\n");
        foreach (var summary in list)
        {
            text.Append(ProjectCommand.Line(summary)).Append('\n');
        }

        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }
}

/// <summary>
/// <c>/project SLUG</c> (details), <c>/project add PATH [--name NAME] [--default-branch BRANCH]</c>,
/// <c>/project remove SLUG</c> (admins; the core checks).
/// </summary>
public sealed partial class ProjectCommand(AccessPolicy access, ProjectService projects) : ControlPlaneCommand(access)
{
    private const string Usage = "/project SLUG · /project add PATH [--name NAME] [--default-branch BRANCH] · /project remove SLUG";

    public override string Name => "project";

    public override string Description => "Show, add or remove a project: /project SLUG | add PATH | remove SLUG";

    public override bool ChangesAgent(ParsedCommand command) =>
        command.Arguments.StartsWith("add", StringComparison.OrdinalIgnoreCase) || command.Arguments.StartsWith("remove", StringComparison.OrdinalIgnoreCase);

    public static string Line(ProjectSummary s) =>
        $"• {s.Project.Slug} — {s.Project.Name}: {s.Project.Path} ({s.Project.DefaultBranch}) · {s.ActiveSessions} active session(s) · {DiskUsage.Format(s.DiskBytes)} used by sessions";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var arguments = context.Arguments.Trim();
        var (verb, rest) = SplitId(arguments, Usage);
        switch (verb.ToLowerInvariant())
        {
            case "add":
                var (path, name, branch) = ParseAdd(rest);
                var added = await projects.AddAsync(path, name, branch, actor, cancellationToken);
                await context.ReplyAsync($"📦 Project {added.Slug} added: {added.Path} (default branch {added.DefaultBranch}). Start a session with /implement {added.Slug} TASK.", cancellationToken);
                return;
            case "remove":
                var removed = await projects.RemoveAsync(rest.Trim(), actor, cancellationToken);
                await context.ReplyAsync($"Project {removed.Slug} removed; its folder {removed.Path} is untouched.", cancellationToken);
                return;
            default:
                var summary = await projects.GetAsync(verb, cancellationToken);
                await context.ReplyAsync(
                    Line(summary) + $"\nId {summary.Project.Id} · added {summary.Project.CreatedAt:yyyy-MM-dd HH:mm} UTC · {summary.Sessions} session(s) not deleted\nSessions: /sessions {summary.Project.Slug}",
                    cancellationToken);
                return;
        }
    }

    /// <summary>PATH (quoted if it has spaces) with <c>--name NAME</c> (quoted, or to the next option) and <c>--default-branch BRANCH</c>.</summary>
    internal static (string Path, string? Name, string? Branch) ParseAdd(string text)
    {
        string? name = null;
        string? branch = null;
        var branchMatch = BranchOption().Match(text);
        if (branchMatch.Success)
        {
            branch = branchMatch.Groups[1].Value;
            text = text.Remove(branchMatch.Index, branchMatch.Length);
        }

        var nameMatch = NameOption().Match(text);
        if (nameMatch.Success)
        {
            name = (nameMatch.Groups[1].Success ? nameMatch.Groups[1].Value : nameMatch.Groups[2].Value).Trim();
            text = text.Remove(nameMatch.Index, nameMatch.Length);
        }

        var path = text.Trim().Trim('"', '\'');
        return path.Length == 0 ? throw new RefusedException("Usage: /project add PATH [--name NAME] [--default-branch BRANCH]") : (path, name, branch);
    }

    [GeneratedRegex(@"\s*--default-branch(?:\s+|=)(\S+)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BranchOption();

    [GeneratedRegex("\\s*--name(?:\\s+|=)(?:\"([^\"]*)\"|(.+?))(?=\\s+--|$)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NameOption();
}
