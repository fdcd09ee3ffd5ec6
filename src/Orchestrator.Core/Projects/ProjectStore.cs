using System.Globalization;
using Dapper;
using Orchestrator.Core.Persistence;

namespace Orchestrator.Core.Projects;

/// <summary>The <c>projects</c> table.</summary>
public sealed class ProjectStore(IDatabase database)
{
    private const string Columns =
        "id AS Id, name AS Name, slug AS Slug, path AS Path, default_branch AS DefaultBranch, created_at AS CreatedAt";

    public async Task InsertAsync(Project project, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO projects (id, name, slug, path, default_branch, created_at) VALUES (@Id, @Name, @Slug, @Path, @DefaultBranch, @CreatedAt)",
            new { project.Id, project.Name, project.Slug, project.Path, project.DefaultBranch, CreatedAt = project.CreatedAt.ToString("O") })
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM projects ORDER BY slug").ConfigureAwait(false);
        return rows.Select(r => r.ToProject()).ToList();
    }

    /// <summary>By slug or id.</summary>
    public async Task<Project?> FindAsync(string slugOrId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM projects WHERE slug = @Key OR id = @Key", new { Key = slugOrId }).ConfigureAwait(false);
        return row?.ToProject();
    }

    public async Task<Project?> FindByPathAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM projects WHERE path = @Path", new { Path = path })
            .ConfigureAwait(false);
        return row?.ToProject();
    }

    public async Task<bool> SlugExistsAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects WHERE slug = @Slug", new { Slug = slug })
            .ConfigureAwait(false) > 0;
    }

    public async Task UpdateAsync(Project project, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE projects SET name = @Name, slug = @Slug, default_branch = @DefaultBranch WHERE id = @Id",
            new { project.Id, project.Name, project.Slug, project.DefaultBranch }).ConfigureAwait(false);
    }

    /// <summary>Deletes the project and its deleted sessions' rows, in one transaction; false when a session is not deleted.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var live = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM coding_sessions WHERE project_id = @Id AND state <> 'deleted'", new { Id = id }, transaction)
            .ConfigureAwait(false);
        if (live > 0)
        {
            return false;
        }

        await connection.ExecuteAsync("DELETE FROM coding_sessions WHERE project_id = @Id", new { Id = id }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM projects WHERE id = @Id", new { Id = id }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private sealed record Row(string Id, string Name, string Slug, string Path, string DefaultBranch, string CreatedAt)
    {
        public Project ToProject() =>
            new(Id, Name, Slug, Path, DefaultBranch, DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture));
    }
}
