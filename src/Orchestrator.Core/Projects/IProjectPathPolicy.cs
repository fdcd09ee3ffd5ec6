namespace Orchestrator.Core.Projects;

/// <summary>
/// Which folders may become projects. The host owns the folder policy (<c>Agents:AllowedRoots</c>, symbolic links
/// resolved); the core only asks it.
/// </summary>
public interface IProjectPathPolicy
{
    /// <summary>The real, allowed folder for <paramref name="requested"/>, or why it is refused.</summary>
    ProjectPathVerdict Check(string requested);
}

public sealed record ProjectPathVerdict(string? Folder, string? Problem)
{
    public static ProjectPathVerdict Allowed(string folder) => new(folder, null);

    public static ProjectPathVerdict Refused(string problem) => new(null, problem);
}
