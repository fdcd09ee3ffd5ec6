using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.CodingSessions;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Groups;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Retention;
using Orchestrator.Bot.Security;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Web;
using Serilog;
using Serilog.Core;

namespace Orchestrator.Bot.Hosting;

/// <summary>The composition root: configuration, logging and every feature's services.</summary>
public static class BotApplication
{
    /// <summary>Configuration problems: one line per problem on stderr, this exit code.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Builds the host. <paramref name="configure"/> adds configuration sources (tests: in-memory settings).</summary>
    public static IHost Build(
        string[] args,
        Action<IConfigurationBuilder>? configure = null,
        Action<IServiceCollection>? services = null,
        ILogEventSink? extraLogSink = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
            Configuration = BotConfiguration.WithoutReloadOnChange(),
        });
        configure?.Invoke(builder.Configuration);

        // Serilog.Extensions.Hosting: the logger is built with the service provider and disposed (flushed) with it.
        // preserveStaticLogger: each host has its own logger (tests run several hosts at once); Log.Logger is not used.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(
            (_, logger) => BotLogging.Configure(logger, builder.Configuration, extraLogSink), preserveStaticLogger: true);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(8);
            o.ServicesStopConcurrently = false;
        });

        builder.Services
            .AddSingleton(TimeProvider.System)
            .AddSingleton<FatalErrors>()
            .AddSingleton<BotStartup>()
            .AddSingleton<PollingStarted>()
            .AddSingleton<IApiStartGate, ApiStartAfterFirstPoll>()
            .AddLogFileOptions(builder.Configuration)
            .AddPersistence(builder.Configuration)
            .AddAccess(builder.Configuration)
            .AddBotTelegram(builder.Configuration)
            .AddGroups()
            .AddSecurity(builder.Configuration)
            .AddAudit()
            .AddCommands()
            .AddEngines(builder.Configuration)
            .AddMedia(builder.Configuration)
            .AddSessions(builder.Configuration)
            .AddCodingSessionsFace(builder.Configuration)
            .AddRetention(builder.Configuration)
            .AddWeb(builder.Configuration); // last: stops first; Kestrel starts once the first getUpdates was sent (ApiStartAfterFirstPoll)
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs the bot until SIGINT/SIGTERM. Returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        IHost host;
        try
        {
            host = Build(args);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            await error.WriteLineAsync($"Configuration error: {ex.Message}");
            return ConfigurationErrorExitCode;
        }

        await using ((IAsyncDisposable)host)
        {
            var problems = ValidateOptions(host.Services);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"Configuration error: {problem}");
                }

                return ConfigurationErrorExitCode;
            }

            var fatal = host.Services.GetRequiredService<FatalErrors>();
            await host.RunAsync();

            if (fatal.Reason is not null)
            {
                await error.WriteLineAsync(fatal.Reason);
                return FatalErrors.ExitCode;
            }

            return 0;
        }
    }

    /// <summary>Runs every options validator registered with ValidateOnStart; returns the problems, each naming its key.</summary>
    public static IReadOnlyList<string> ValidateOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
        catch (AggregateException ex)
        {
            return ex.Flatten().InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message]).ToList();
        }
    }
}
