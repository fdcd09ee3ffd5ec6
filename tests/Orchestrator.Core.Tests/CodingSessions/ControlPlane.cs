using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.Tests.CodingSessions;

/// <summary>The core's project and session services on a real SQLite file, with fake git and turn runner.</summary>
internal sealed class ControlPlane : IDisposable
{
    public static readonly Actor Admin = new(1, "Ada", IsAdmin: true);
    public static readonly Actor Alice = new(2, "Alice", IsAdmin: false);
    public static readonly Actor Bob = new(3, "Bob", IsAdmin: false);

    private readonly TestDatabase _database = new();

    public ControlPlane(bool commitEachTurn = true)
    {
        Root = Directory.CreateTempSubdirectory("orch-core-root-").FullName;
        Events = new EventLog(_database, TimeProvider.System);
        Store = new CodingSessionStore(_database);
        ProjectStore = new ProjectStore(_database);
        Projects = new ProjectService(ProjectStore, Store, Git, new RootPathPolicy(Root), Events, TimeProvider.System);
        Sessions = new CodingSessionService(Store, ProjectStore, Git, Runner, Notifier, Events,
            Options.Create(new SessionsOptions { CommitEachTurn = commitEachTurn }), TimeProvider.System, NullLogger<CodingSessionService>.Instance);
    }

    public string Root { get; }

    public FolderWorktrees Git { get; } = new();

    public ScriptedRunner Runner { get; } = new();

    public RecordingNotifier Notifier { get; } = new();

    public EventLog Events { get; }

    public CodingSessionStore Store { get; }

    public ProjectStore ProjectStore { get; }

    public ProjectService Projects { get; }

    public CodingSessionService Sessions { get; }

    /// <summary>A folder with a <c>.git</c> folder under the root.</summary>
    public string NewRepository(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(path, ".git"));
        return path;
    }

    public async Task<Project> AddProjectAsync(string name) => await Projects.AddAsync(NewRepository(name), null, null, Admin);

    public Task<CodingSession> SendAsync(string arguments, Actor? actor = null) =>
        Sessions.StartAsync(SendCommand.Parse(arguments), "codex", actor ?? Alice, new SessionOrigin(-100, 0, "/send " + arguments));

    /// <summary>Waits (through the event log, no sleeps) until the session reaches <paramref name="state"/>.</summary>
    public async Task<CodingSession> WaitForStateAsync(string sessionId, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in Events.FollowAsync(0, timeout.Token))
        {
            if (e.SessionId == sessionId && e.Kind == EventKinds.SessionState && e.Summary.Contains("→ " + state, StringComparison.Ordinal))
            {
                break;
            }
        }

        return await Sessions.GetAsync(sessionId);
    }

    /// <summary>Waits until turn <paramref name="turn"/> of the session has ended and the session settled.</summary>
    public async Task<CodingSession> WaitForTurnEndAsync(string sessionId, int turn)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ended = false;
        await foreach (var e in Events.FollowAsync(0, timeout.Token))
        {
            ended |= e.SessionId == sessionId && e.Kind == EventKinds.TurnEnded && e.Summary.StartsWith($"turn {turn} ended", StringComparison.Ordinal);
            if (ended && e.SessionId == sessionId && e.Kind == EventKinds.SessionState)
            {
                break;
            }
        }

        return await Sessions.GetAsync(sessionId);
    }

    public void Dispose()
    {
        _database.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
