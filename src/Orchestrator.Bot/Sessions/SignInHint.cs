namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Adds a pointer to <c>Agents:PassEnvironment</c> to an engine error that looks like a failed sign-in: the agents get
/// only an allow-list of the bot's environment, so a key the engine reads from some other variable does not reach it.
/// </summary>
public static class SignInHint
{
    public const string Hint =
        "If the engine needs an environment variable to sign in, list its name in Agents:PassEnvironment (agents get only an allow-list of the bot's environment).";

    private static readonly string[] Markers =
    [
        "missing environment variable", "api key", "api_key", "apikey", "x-api-key", "401", "unauthorized", "authentication",
        "not logged in", "/login", "invalid credentials", "no credentials",
    ];

    public static bool LooksLikeSignInFailure(string? error) =>
        error is { Length: > 0 } && Markers.Any(m => error.Contains(m, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="error"/>, followed by the hint when it looks like a failed sign-in.</summary>
    public static string AddTo(string error) => LooksLikeSignInFailure(error) ? $"{error.TrimEnd()} {Hint}" : error;
}
