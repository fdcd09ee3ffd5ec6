using Orchestrator.Core.Conversations;

namespace Orchestrator.Core.Projects;

/// <summary>
/// Project changes for faces other than Telegram: the same <see cref="ProjectService"/> operations as <c>/project add</c>
/// and <c>/project remove</c> (admins only), audited as Telegram audits them. Reads go to <see cref="ProjectService"/>.
/// </summary>
public interface IProjectControl
{
    Task<OperationResult<ProjectSummary>> AddAsync(Caller caller, string path, string? name, string? defaultBranch, CancellationToken cancellationToken = default);

    Task<OperationResult<ProjectSummary>> UpdateAsync(Caller caller, string idOrSlug, string? name, string? defaultBranch, CancellationToken cancellationToken = default);

    Task<OperationResult<Project>> RemoveAsync(Caller caller, string idOrSlug, CancellationToken cancellationToken = default);
}
