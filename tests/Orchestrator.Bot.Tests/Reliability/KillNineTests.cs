using System.Globalization;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Telegram;
using Xunit.Abstractions;

namespace Orchestrator.Bot.Tests.Reliability;

/// <summary>
/// kill -9 of the bot process at random moments while 200 messages flow: after the restarts every message has been
/// answered, and only a reply in flight at the kill (accepted by Telegram, not yet recorded as handled) is ever repeated. ORCHESTRATOR_KILL_ROUNDS (default 3) and ORCHESTRATOR_KILL_SEED make longer or other runs
/// (tests/reliability/kill9.sh).
/// </summary>
public sealed class KillNineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Users = 40;
    private const int MessagesPerUser = 5;
    private const long FirstUser = 3000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private FakeBotApiServer _telegram = null!;
    private string _data = "";

    public async Task InitializeAsync()
    {
        _telegram = await FakeBotApiServer.StartAsync();
        _data = Directory.CreateTempSubdirectory("orchestrator-kill9-").FullName;
    }

    [Fact]
    public async Task Every_message_is_answered_and_only_a_reply_in_flight_at_a_kill_is_repeated()
    {
        var rounds = EnvInt("ORCHESTRATOR_KILL_ROUNDS", 3);
        var random = new Random(EnvInt("ORCHESTRATOR_KILL_SEED", 7));
        var sent = new List<(long Chat, int MessageId)>();
        var batches = rounds + 1;
        var perBatch = Users * MessagesPerUser / batches;
        var killedAt = new List<DateTimeOffset>();

        for (var round = 0; round <= rounds; round++)
        {
            // Messages keep arriving: a batch before every life of the bot (the last batch takes the remainder).
            var count = round == rounds ? Users * MessagesPerUser - sent.Count : perBatch;
            for (var i = 0; i < count; i++)
            {
                var user = FirstUser + ((sent.Count + i) % Users);
                _telegram.SendText(user, user, "/whoami");
                sent.Add((user, _telegram.LastUserMessageId));
            }

            await using var bot = StartBot();
            if (round == rounds)
            {
                await _telegram.WaitForAsync(t => sent.All(m => Answered(t, m) > 0), Timeout, "every message answered");
                await _telegram.WaitForUpdatesConfirmedAsync(Timeout);
                await WaitForInboxDrainedAsync();
                break;
            }

            // Kill at a random moment: a random time after this life's first getUpdates (time passing is the scenario).
            var polls = _telegram.RequestsFor("getUpdates").Count;
            await _telegram.WaitForAsync(t => t.RequestsFor("getUpdates").Count > polls, Timeout, "the bot polling");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(100, 2500)));
            bot.KillHard();
            killedAt.Add(DateTimeOffset.UtcNow);
            await bot.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var answers = sent.Select(m => Answered(_telegram, m)).ToArray();
        // A reply is repeated only if the kill came after Telegram accepted it and before the bot recorded the update
        // as handled: how far from a kill were the repeated replies first sent? (Nearest kill either side: a request the
        // dying bot had already written can be recorded by the fake a moment after the test noted the kill.)
        var windows = sent.Where(m => Answered(_telegram, m) > 1)
            .Select(m => _telegram.BotMessages(m.Chat).Where(r => r.ReplyToMessageId == m.MessageId).Min(r => r.SentAt))
            .Select(first => killedAt.Min(k => (k - first).Duration()))
            .ToArray();
        output.WriteLine($"{sent.Count} messages, {rounds} kill -9: {answers.Count(a => a == 1)} answered once, " +
                         $"{answers.Count(a => a > 1)} twice or more, {answers.Count(a => a == 0)} never; repeated replies were first sent " +
                         $"{(windows.Length == 0 ? "-" : $"{windows.Max().TotalMilliseconds:0} ms")} (at most) from a kill; " +
                         $"rate-limit violations {_telegram.RateLimitViolations}");
        var inbox = await InboxAsync();
        var setAsideNotices = sent.Sum(m => _telegram.BotMessages(m.Chat).Count(r => r.ReplyToMessageId == m.MessageId && r.Text.Contains("set it aside", StringComparison.Ordinal)));
        output.WriteLine($"inbox: {inbox.Stored} updates stored, {inbox.Done} done, {inbox.Pending} pending, {inbox.SetAside} set aside " +
                         $"(3 handlings cut by kills; {setAsideNotices} notices sent), {inbox.Retried} handled more than once");
        Assert.All(answers, a => Assert.True(a >= 1, "every message is answered"));
        // Every update went through the inbox and none is left; one whose handling 3 kills cut short is set aside, its sender told.
        Assert.Equal((sent.Count, 0L), (inbox.Stored, inbox.Pending));
        Assert.Equal(sent.Count, inbox.Done + inbox.SetAside);
        Assert.InRange(setAsideNotices, 0, inbox.SetAside); // told at most once (a kill right after setting it aside can cut the notice)
        Assert.All(windows, w => Assert.True(w < TimeSpan.FromSeconds(1), $"a reply sent {w.TotalMilliseconds:0} ms from the nearest kill was repeated"));
        Assert.Equal(0, _telegram.RateLimitViolations);
    }

    /// <summary>The last life ends only once nothing is left pending in the inbox (confirmed no longer means handled).</summary>
    private async Task WaitForInboxDrainedAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while ((await InboxAsync()).Pending > 0)
        {
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(50); // a table in another process: polled
        }
    }

    private async Task<(long Stored, long Done, long Pending, long SetAside, long Retried)> InboxAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "orchestrator.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<(long, long, long, long, long)>(
            connection,
            """
            SELECT COUNT(*), COALESCE(SUM(status = 'done'), 0), COALESCE(SUM(status = 'pending'), 0),
                   COALESCE(SUM(status = 'set_aside'), 0), COALESCE(SUM(attempts > 1), 0)
            FROM inbox
            """);
    }

    /// <summary>The /whoami answers to <paramref name="message"/> (not a set-aside notice).</summary>
    private static int Answered(FakeBotApiServer telegram, (long Chat, int MessageId) message) =>
        telegram.BotMessages(message.Chat).Count(m => m.ReplyToMessageId == message.MessageId && !m.IsDeleted && m.Text.Contains("Role:", StringComparison.Ordinal));

    private BotProcess StartBot()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = _telegram.Token,
            ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Storage:DataDirectory"] = _data,
            ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(_data, "workspace")).FullName,
        };
        for (var i = 0; i < Users; i++)
        {
            settings[$"Access:AllowedUserIds:{i}"] = (FirstUser + i).ToString(CultureInfo.InvariantCulture);
        }

        return BotProcess.Start(settings, _data);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : fallback;

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
