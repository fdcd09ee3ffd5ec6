using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Persistence;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace Orchestrator.Bot.Hosting;

/// <summary>
/// Serilog: levels from the <c>Serilog</c> section of appsettings, a console sink and a daily rolling file under
/// <c>&lt;DataDirectory&gt;/logs</c>, bounded in size (<see cref="LogFileOptions"/>). Property values that contain the bot token are redacted.
/// </summary>
public static class BotLogging
{
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    // Configuration sets the levels only (docs/configuration.md). Naming the sinks' assemblies spares Serilog its search
    // of the whole dependency context at every start: deps.json parsed, every assembly listed in it looked at for
    // Serilog configuration methods (docs/performance.md 7.9). A "Using" section in the configuration is still honoured.
    private static readonly ConfigurationReaderOptions ReaderOptions = new(
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly);

    /// <summary>Configures <paramref name="logger"/> (given by Serilog.Extensions.Hosting's <c>AddSerilog</c>).</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, ILogEventSink? extraSink = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var redactor = Security.SecretRedactor.FromConfiguration(configuration);
        var logs = Path.Combine(storage.FullDataDirectory, "logs");
        var files = configuration.GetSection(LogFileOptions.Section).Get<LogFileOptions>() ?? new LogFileOptions();

        logger = logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration, ReaderOptions)
            .Enrich.FromLogContext()
            .Enrich.With(new SecretRedactingEnricher(redactor))
            .WriteTo.Console(outputTemplate: ConsoleTemplate, standardErrorFromLevel: LogEventLevel.Error)
            .WriteTo.File(
                Path.Combine(logs, "orchestrator-.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: Math.Max(1024, files.MaxBytes), // validated at start; the logger exists before validation
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: Math.Max(1, files.RetainedFiles),
                hooks: new Security.PrivateLogFileHooks(),
                outputTemplate: "{Timestamp:o} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
        return extraSink is null ? logger : logger.WriteTo.Sink(extraSink);
    }

    /// <summary>
    /// Defence in depth: no log property may carry a secret (the code never logs one on purpose; agent text may).
    /// The same redaction step as for Telegram and storage (<see cref="Security.SecretRedactor"/>).
    /// </summary>
    private sealed class SecretRedactingEnricher(Security.SecretRedactor redactor) : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            if (redactor.Count == 0)
            {
                return;
            }

            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                if (value is ScalarValue { Value: string text } && redactor.Contains(text))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redactor.Redact(text))));
                }
            }
        }
    }
}
