namespace Orchestrator.Api.Artifacts;

/// <summary>A session's file (<c>turn-N.diff</c>, <c>plan.md</c>, <c>transcript.jsonl</c>); <c>id</c> is <c>SESSIONID.NAME</c>.</summary>
public sealed record ArtifactView(string Id, string SessionId, string? Project, string Name, long SizeBytes, DateTimeOffset ModifiedAt);
