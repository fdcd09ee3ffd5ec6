namespace Orchestrator.Testing.Clis;

/// <summary>A temporary HOME for an agent CLI and the environment that runs it against a fake; deleted on dispose.</summary>
public interface ICliHome : IDisposable
{
    /// <summary>The temporary home folder.</summary>
    string Path { get; }

    /// <summary>Variables to set for the CLI process (a null value removes an inherited variable).</summary>
    IReadOnlyDictionary<string, string?> EnvironmentVariables { get; }
}
