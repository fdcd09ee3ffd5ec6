using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Hosting;

namespace Orchestrator.Api.Tests.Hosting;

/// <summary>Where the API listens: loopback by default; a plain-http address other machines reach is refused unless allowed.</summary>
public sealed class WebHostingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5080", null, true)]
    [InlineData("http://192.168.1.10:5080", null, true)]
    [InlineData("http://0.0.0.0:5080", "true", false)]
    [InlineData("http://127.0.0.1:5080", null, false)]
    [InlineData("http://[::1]:5080", null, false)]
    public void A_non_loopback_address_without_TLS_is_refused_at_start_unless_allowed(string urls, string? allowInsecure, bool refused)
    {
        var data = Directory.CreateTempSubdirectory("orchestrator-web-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = "123456:test-token-for-validation-only",
                ["Storage:DataDirectory"] = data,
                ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(data, "workspace")).FullName,
                ["Web:Urls"] = urls,
                ["Web:AllowInsecureRemote"] = allowInsecure,
            };
            using var host = (IDisposable)BotApplication.Build([], c => c.AddInMemoryCollection(settings));

            var problems = BotApplication.ValidateOptions(((Microsoft.Extensions.Hosting.IHost)host).Services);

            Assert.Equal(refused, problems.Any(p => p.Contains("Web:Urls", StringComparison.Ordinal) && p.Contains("Web:AllowInsecureRemote", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
