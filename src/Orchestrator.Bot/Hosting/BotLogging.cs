using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Telegram;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Orchestrator.Bot.Hosting;

/// <summary>
/// Serilog: levels from the <c>Serilog</c> section of appsettings, a console sink and a daily rolling file under
/// <c>&lt;DataDirectory&gt;/logs</c>. Property values that contain the bot token are redacted.
/// </summary>
public static class BotLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Configures <paramref name="logger"/> (given by Serilog.Extensions.Hosting's <c>AddSerilog</c>).</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, ILogEventSink? extraSink = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var token = configuration[$"{TelegramOptions.Section}:{nameof(TelegramOptions.BotToken)}"] ?? "";
        var logs = Path.Combine(storage.FullDataDirectory, "logs");

        logger = logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.With(new TokenRedactingEnricher(token))
            .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Error)
            .WriteTo.File(
                Path.Combine(logs, "orchestrator-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:o} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        return extraSink is null ? logger : logger.WriteTo.Sink(extraSink);
    }

    /// <summary>Defence in depth: no log property may carry the bot token (the code never logs it on purpose).</summary>
    private sealed class TokenRedactingEnricher(string token) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            if (token.Length == 0)
            {
                return;
            }

            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                if (value is ScalarValue { Value: string text } && text.Contains(token, StringComparison.Ordinal))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(BotTokenFormat.Redact(text, token))));
                }
            }
        }
    }
}
