using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Orchestrator.Bot.Tests.Hosting;

/// <summary>The levels of docs/configuration.md's Serilog:MinimumLevel reach the logger (the sinks come from code).</summary>
public sealed class LogLevelConfigurationTests
{
    [Fact]
    public void The_configured_default_and_override_levels_decide_what_is_written()
    {
        var data = Directory.CreateTempSubdirectory("orchestrator-loglevel-test-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = data,
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:MinimumLevel:Override:Orchestrator.Chatty"] = "Debug",
            }).Build();
            var written = new Collected();

            using (var logger = BotLogging.Configure(new LoggerConfiguration(), configuration, written).CreateLogger())
            {
                logger.ForContext(Constants.SourceContextPropertyName, "Orchestrator.Quiet").Information("quiet info");
                logger.ForContext(Constants.SourceContextPropertyName, "Orchestrator.Quiet").Warning("quiet warning");
                logger.ForContext(Constants.SourceContextPropertyName, "Orchestrator.Chatty").Debug("chatty debug");
            }

            Assert.Equal(["quiet warning", "chatty debug"], written.Messages);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private sealed class Collected : ILogEventSink
    {
        public List<string> Messages { get; } = [];

        public void Emit(LogEvent logEvent) => Messages.Add(logEvent.RenderMessage());
    }
}
