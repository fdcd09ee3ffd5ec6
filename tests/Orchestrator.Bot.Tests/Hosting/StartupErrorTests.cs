using Orchestrator.Bot.Hosting;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Hosting;

/// <summary>A bot that cannot run says why in one line (no stack trace) and exits non-zero.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orchestrator-startup-").FullName;

    [Fact]
    public async Task Missing_token_exits_with_one_line_naming_the_key()
    {
        var (code, lines) = await RunAsync("--Telegram:BotToken=");

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains("Telegram:BotToken is missing", line);
        Assert.Contains("Telegram__BotToken", line);
    }

    [Fact]
    public async Task Malformed_token_exits_with_one_line_that_does_not_echo_it()
    {
        var (code, lines) = await RunAsync("--Telegram:BotToken=not-a-token-secretvalue");

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains("Telegram:BotToken is malformed", line);
        Assert.DoesNotContain("secretvalue", line);
    }

    [Fact]
    public async Task Token_rejected_by_telegram_exits_with_one_clear_line()
    {
        await using var telegram = await FakeBotApiServer.StartAsync();
        const string wrongToken = "7000000001:AAwrongwrongwrongwrongwrongwrongwrong";

        var (code, lines) = await RunAsync($"--Telegram:BotToken={wrongToken}", $"--Telegram:ApiBaseUrl={telegram.BaseUrl}");

        Assert.Equal(FatalErrors.ExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains("Telegram rejected the bot token (401", line);
        Assert.DoesNotContain("wrongwrong", line);
        Assert.DoesNotContain(" at ", line);
    }

    [Theory]
    [InlineData("--Access:AllowedUserIds:0=-5", "Access:AllowedUserIds contains -5")]
    [InlineData("--Agents:DefaultEngine=gpt", "Agents:DefaultEngine must be one of codex, claude")]
    [InlineData("--Telegram:ApiBaseUrl=ftp://x", "Telegram:ApiBaseUrl must be an absolute http(s) URL")]
    [InlineData("--Agents:ApprovalTimeout=00:00:00", "Agents:ApprovalTimeout must be positive")]
    [InlineData("--Telegram:Outbox:GlobalMessagesPerSecond=0", "GlobalMessagesPerSecond")]
    [InlineData("--Agents:PassEnvironment:0=Telegram__BotToken", "Agents:PassEnvironment: 'Telegram__BotToken' is one of the bot's own settings")]
    [InlineData("--Agents:PassEnvironment:0=NOT-A-NAME", "Agents:PassEnvironment: 'NOT-A-NAME' is not an environment variable name")]
    [InlineData("--Claude:SettingSources=user,everything", "Claude:SettingSources: 'everything' is not a setting source")]
    [InlineData("--Claude:MaxProcesses=0", "Claude:MaxProcesses must be at least 1")]
    [InlineData("--Logging:File:MaxBytes=100", "Logging:File:MaxBytes must be at least 1024")]
    [InlineData("--Logging:File:RetainedFiles=0", "Logging:File:RetainedFiles must be between 1 and 1000")]
    [InlineData("--Agents:MaxAgentsPerChat=0", "Agents:MaxAgentsPerChat must be between 1 and 1000")]
    [InlineData("--Access:RateLimit:Burst=0", "Access:RateLimit:Burst must be between 1 and 1000")]
    [InlineData("--Telegram:MaxQueuedUpdatesPerChat=0", "Telegram:MaxQueuedUpdatesPerChat must be between 1 and 10000")]
    [InlineData("--Retention:HandledUpdates=01:00:00", "Retention:HandledUpdates must be at least 1.00:00:00 (one day)")]
    [InlineData("--Git:CommandTimeout=00:00:00", "Git:CommandTimeout must be more than 0")]
    [InlineData("--Git:Environment:Telegram__BotToken=x", "Git:Environment:Telegram__BotToken is one of the bot's own settings")]
    public async Task Invalid_settings_are_reported_by_key(string argument, string expected)
    {
        var (code, lines) = await RunAsync("--Telegram:BotToken=123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", argument);

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, code);
        var line = Assert.Single(lines);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task The_real_executable_reports_a_missing_token_on_stderr_without_a_stack_trace()
    {
        var bot = Path.Combine(AppContext.BaseDirectory, "Orchestrator.Bot.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _data,
        };
        start.ArgumentList.Add(bot);
        start.Environment["Telegram__BotToken"] = "";
        start.Environment["Storage__DataDirectory"] = _data;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(BotApplication.ConfigurationErrorExitCode, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains("Telegram:BotToken is missing", line);
        Assert.DoesNotContain(" at ", (await stdout) + line);
    }

    private async Task<(int Code, string[] Lines)> RunAsync(params string[] args)
    {
        using var error = new StringWriter();
        var code = await BotApplication.RunAsync([.. args, $"--Storage:DataDirectory={_data}"], error).WaitAsync(TimeSpan.FromSeconds(60));
        return (code, error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
