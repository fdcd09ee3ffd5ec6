using Microsoft.Extensions.Hosting;

namespace Orchestrator.Bot.Hosting;

/// <summary>Stops the bot with one clear line and a non-zero exit code (wrong token, unusable configuration).</summary>
public sealed class FatalErrors(IHostApplicationLifetime lifetime)
{
    public const int ExitCode = 3;

    public string? Reason { get; private set; }

    public void Fail(string reason)
    {
        // Printed once on stderr by BotApplication.RunAsync as the process ends: one clear line, no stack trace.
        Reason ??= reason;
        lifetime.StopApplication();
    }
}
