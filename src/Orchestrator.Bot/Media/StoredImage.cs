namespace Orchestrator.Bot.Media;

/// <summary>An image on disk for an agent: <see cref="Path"/> is absolute, under <c>&lt;DataDirectory&gt;/images/&lt;agent&gt;/telegram/</c>.</summary>
public sealed record StoredImage(long Id, string AgentId, string FileId, string Path, long SizeBytes);
