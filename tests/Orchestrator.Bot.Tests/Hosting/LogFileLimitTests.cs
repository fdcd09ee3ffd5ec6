using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Hosting;
using Serilog;

namespace Orchestrator.Bot.Tests.Hosting;

/// <summary>The log files cannot fill the disk: a file rolls at Logging:File:MaxBytes and only Logging:File:RetainedFiles are kept.</summary>
public sealed class LogFileLimitTests
{
    [Fact]
    public void Writing_past_the_size_limit_rolls_to_a_new_file_and_only_the_retained_count_is_kept()
    {
        var data = Directory.CreateTempSubdirectory("orchestrator-logs-test-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = data,
                ["Logging:File:MaxBytes"] = "2048",
                ["Logging:File:RetainedFiles"] = "3",
            }).Build();

            using (var logger = BotLogging.Configure(new LoggerConfiguration(), configuration).CreateLogger())
            {
                for (var i = 0; i < 200; i++)
                {
                    logger.Information("Line {Number} of a log that would grow without bound: {Padding}", i, new string('x', 80));
                }
            }

            var files = Directory.GetFiles(Path.Combine(data, "logs")).Select(f => new FileInfo(f)).ToList();
            Assert.Equal(3, files.Count); // 200 lines of ~200 bytes need ~20 files of 2 KB: the older ones were removed
            // The sink rolls once a file has reached the limit, so a file may end with one line past it.
            Assert.All(files, f => Assert.True(f.Length <= 2048 + 512, $"{f.Name} has {f.Length} bytes, far over the 2048-byte limit"));
            var newest = File.ReadAllText(files.OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).First().FullName);
            Assert.Contains("Line 199 ", newest, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
