using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Telegram;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Harness;

/// <summary>
/// The whole bot, in process, against the strict fake Bot API and a temporary data directory.
/// Restart and crash keep the data directory and the fake (with its unconfirmed updates), like a real restart.
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    public const long AdminId = 1000;
    public const long OwnerId = 1001;
    public const long StrangerId = 9999;

    private readonly Action<Dictionary<string, string?>>? _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsTelegram;

    private BotHarness(FakeBotApiServer telegram, bool ownsTelegram, string dataDirectory, Action<Dictionary<string, string?>>? settings, Action<IServiceCollection>? services)
    {
        Telegram = telegram;
        _ownsTelegram = ownsTelegram;
        DataDirectory = dataDirectory;
        _settings = settings;
        _services = services;
    }

    public FakeBotApiServer Telegram { get; }

    public string DataDirectory { get; }

    public CapturedLogs Logs { get; } = new();

    public IHost Host { get; private set; } = null!;

    public static async Task<BotHarness> StartAsync(
        Action<Dictionary<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null,
        FakeBotApiServer? telegram = null)
    {
        var ownsTelegram = telegram is null;
        telegram ??= await FakeBotApiServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("orchestrator-bot-test-").FullName;
        var harness = new BotHarness(telegram, ownsTelegram, data, settings, services);
        await harness.StartHostAsync();
        return harness;
    }

    public T Service<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = Telegram.Token,
            ["Telegram:ApiBaseUrl"] = Telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Storage:DataDirectory"] = DataDirectory,
            ["Access:AdminUserIds:0"] = AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Access:AllowedUserIds:0"] = OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Inside the data folder, never around it: the bot refuses to start when agents may write its files.
            ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(DataDirectory, "workspace")).FullName,
            // Most tests follow the live message as it is edited (the path of groups and of chats whose drafts failed);
            // DraftTests turn native drafts on, as they are by default.
            ["Telegram:Outbox:Drafts"] = "false",
            ["Codex:WarmStart"] = "false",
            // The HTTP API on a free port: bots under test run side by side.
            ["Web:Urls"] = "http://127.0.0.1:0",
        };
        _settings?.Invoke(settings);
        return settings;
    }

    private async Task StartHostAsync()
    {
        Host = BotApplication.Build([], c => c.AddInMemoryCollection(Settings()), _services, Logs);
        var problems = BotApplication.ValidateOptions(Host.Services);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        await Host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Service<PollingWorker>().FirstPoll.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Every update sent so far is confirmed to Telegram and handled: nothing is left pending in the inbox (updates are
    /// confirmed as soon as they are stored, so confirmation alone no longer means handled).
    /// </summary>
    public async Task WaitForHandledAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await Telegram.WaitForUpdatesConfirmedAsync(timeout);
        while (await PendingInInboxAsync() > 0)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Updates still pending in the inbox after {timeout.TotalSeconds} s");
            }

            await Task.Delay(20); // the inbox is a table: polled, as the test cannot subscribe to it
        }
    }

    /// <summary>Updates stored in the inbox and not yet handled.</summary>
    public async Task<long> PendingInInboxAsync()
    {
        await using var connection = await Service<Orchestrator.Bot.Persistence.BotDatabase>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM inbox WHERE status = 'pending'");
    }

    /// <summary>A graceful stop and a new bot on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    /// <summary>Stops the bot without grace: running handlers are cancelled, as if the process had died; then a new bot starts.</summary>
    public async Task CrashAndRestartAsync()
    {
        using (var dead = new CancellationTokenSource())
        {
            await dead.CancelAsync();
            try
            {
                await Host.StopAsync(dead.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await ((IAsyncDisposable)Host).DisposeAsync();
        await StartHostAsync();
    }

    public async Task StopAsync()
    {
        await Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ((IAsyncDisposable)Host).DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (ObjectDisposedException)
        {
        }

        await ((IAsyncDisposable)Host).DisposeAsync();
        if (_ownsTelegram)
        {
            await Telegram.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
