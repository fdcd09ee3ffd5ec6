namespace Orchestrator.Agents;

/// <summary>How a session is started or resumed.</summary>
/// <param name="WorkingDirectory">The agent's folder: the process cwd / Codex thread cwd.</param>
/// <param name="Model">Model name, or null for the engine's default.</param>
/// <param name="Persona">Extra instructions (Codex developerInstructions, Claude --append-system-prompt), or null.</param>
/// <param name="ApprovalPolicy">Codex approval policy: <c>on-request</c> (default), <c>untrusted</c>, <c>never</c>.</param>
/// <param name="Sandbox">Codex sandbox: <c>workspace-write</c> (default), <c>read-only</c>, <c>danger-full-access</c>.</param>
/// <param name="PermissionMode">Claude <c>--permission-mode</c> for this session (e.g. <c>plan</c> for read-only coding
/// sessions), or null for the engine's configured mode.</param>
public sealed record AgentSessionOptions(
    string WorkingDirectory,
    string? Model = null,
    string? Persona = null,
    string ApprovalPolicy = "on-request",
    string Sandbox = "workspace-write",
    string? PermissionMode = null);
