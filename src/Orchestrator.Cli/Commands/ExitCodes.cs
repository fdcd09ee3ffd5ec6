namespace Orchestrator.Cli.Commands;

/// <summary>What scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The API refused (401, 403, 404, 409, …), the network failed, or the turn did not complete.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;
}
