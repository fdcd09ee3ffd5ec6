using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// <c>answer-latency</c>: what a user in a private chat waits for, with the bot as its own process, the REAL
/// <c>codex app-server</c> against a scripted fake model, and the strict fake Bot API (private chat: burst of 3, then 1/s;
/// drafts 3 at once, then 4/s). Per run a fresh bot (cold: app-server starts with the first message; warm:
/// <c>Codex:WarmStart</c>, app-server running before it) answers "say hi" ("Hello from the fake model." in 5 deltas
/// 50 ms apart), "say hi" again, a 12,000-character answer (30 deltas 50 ms apart) and a command that needs approval,
/// twice.
/// Times are taken at the fake servers: when the fake model sends a delta or ends a response, and when the fake Bot API
/// answers a call (so the text is on Telegram), and by the bot itself when it received the turn's first text and codex's
/// approval request (its Debug timestamps, <see cref="BotTimestamps"/>): the goals are stated from those. A user reads an
/// answer before writing the next message: <c>think</c> is waited before every message after a run's first (0: back to
/// back, the figures of docs/performance.md §8–8.3).
/// </summary>
internal static class AnswerLatencyScenario
{
    private const long User = 5_000_001;
    private const string Hello = "Hello from the fake model.";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(90);

    /// <summary>ORCHESTRATOR_LATENCY_TRACE=1: print each short answer's Telegram calls with their times (where the time goes).</summary>
    private static readonly bool Trace = Environment.GetEnvironmentVariable("ORCHESTRATOR_LATENCY_TRACE") == "1";

    public static async Task<int> RunAsync(string? botPath, string? codexPath, int runs, TimeSpan think, TextWriter output, CancellationToken cancellationToken)
    {
        var (botDll, problem) = BotBuild.Locate(botPath);
        var codex = codexPath ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_CODEX");
        if (botDll is null || codex is null || !File.Exists(codex))
        {
            await output.WriteLineAsync(problem ?? "pass --codex PATH (or set ORCHESTRATOR_TEST_CODEX) to the real codex CLI");
            return 2;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bot: {botDll}; codex: {codex}; think time between messages: {think.TotalMilliseconds:0} ms"));
        var results = new List<AnswerLatencyRun>();
        foreach (var warm in new[] { false, true })
        {
            for (var run = 1; run <= runs; run++)
            {
                var result = await RunOnceAsync(botDll, codex, warm, think, cancellationToken);
                results.Add(result);
                await output.WriteLineAsync(result.Describe(run));
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| figure (median over runs) | cold | warm |");
        await output.WriteLineAsync("|---|---:|---:|");
        Row("first answer: first model text visible after the message", r => r.FirstVisible);
        Row("first answer: final answer complete after the message", r => r.FirstFinal);
        Row("\"say hi\" again: first text visible after the first delta left the model", r => r.HiVisibleAfterDelta);
        Row("\"say hi\" again: first text visible after the bot received the first delta", r => r.HiVisibleAfterBot);
        Row("\"say hi\" again: the bot received the first delta after it left the model (codex's relay)", r => r.HiBotAfterDelta);
        Row("\"say hi\" again: final answer complete after the message", r => r.HiFinal);
        Row("\"say hi\" again: final answer complete after the model's last delta", r => r.HiFinalAfterModel);
        Row("12,000 characters: all pages final after the message", r => r.LongFinal);
        Row("approval prompt on Telegram after the model asked for the command", r => r.Approval);
        Row("approval prompt on Telegram after the bot received codex's request", r => r.ApprovalAfterBot);
        Row("the bot received codex's approval request after the model asked (codex's part)", r => r.ApprovalBotAfterModel);
        Row("the process's second approval: prompt on Telegram after the model asked", r => r.SecondApproval);
        Row("the process's second approval: prompt on Telegram after the bot received codex's request", r => r.SecondApprovalAfterBot);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"rate-limit violations: {results.Sum(r => r.Violations)}; typing shown in every run: {results.All(r => r.Typing)}"));
        return 0;

        void Row(string name, Func<AnswerLatencyRun, double> figure)
        {
            var cold = Median(results.Where(r => !r.Warm).Select(figure));
            var warmValue = Median(results.Where(r => r.Warm).Select(figure));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {cold:0} ms | {warmValue:0} ms |"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static async Task<AnswerLatencyRun> RunOnceAsync(string botDll, string codexPath, bool warm, TimeSpan think, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("orchestrator-latency-").FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(work, "workspace")).FullName;
        await using var telegram = await FakeBotApiServer.StartAsync();
        await using var model = await FakeResponsesServer.StartAsync();
        using var home = CodexHome.Create(model.BaseUrl);
        var settings = new Dictionary<string, string>
        {
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Storage:DataDirectory"] = Directory.CreateDirectory(Path.Combine(work, "data")).FullName,
            ["Access:AllowedUserIds:0"] = User.ToString(CultureInfo.InvariantCulture),
            ["Agents:DefaultWorkingDirectory"] = workspace,
            ["Codex:Command"] = codexPath,
            ["Codex:WarmStart"] = warm ? "true" : "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            [BotTimestamps.Setting.Key] = BotTimestamps.Setting.Value,
        };
        foreach (var (key, value) in home.EnvironmentVariables)
        {
            settings[$"Codex:Environment:{key}"] = value;
        }

        await using var bot = BotChild.Start(botDll, settings, new Dictionary<string, string>(), work, BotTimestamps.IsTimestamp);
        try
        {
            await telegram.WaitForAsync(t => t.IsPolling || t.RequestsFor("getUpdates").Count > 0, Step, "first getUpdates");
            if (warm)
            {
                // The warm start runs after the first getUpdates; a user's first message comes later than that.
                var deadline = Stopwatch.StartNew();
                while (bot.Descendants("app-server").Count == 0 && deadline.Elapsed < Step)
                {
                    await Task.Delay(50, cancellationToken);
                }

                await Task.Delay(1000, cancellationToken); // app-server's handshake
            }

            var result = new AnswerLatencyRun { Warm = warm };
            var first = await SayHiAsync(telegram, model, bot, "say hi");
            (result.FirstVisible, result.FirstFinal) = (first.Visible, first.Final);
            await Task.Delay(think, cancellationToken);
            var again = await SayHiAsync(telegram, model, bot, "say hi again");
            (result.HiFinal, result.HiVisibleAfterDelta, result.HiFinalAfterModel) = (again.Final, again.VisibleAfterDelta, again.FinalAfterDelta);
            (result.HiVisibleAfterBot, result.HiBotAfterDelta) = (again.VisibleAfterBot, again.BotAfterDelta);
            await Task.Delay(think, cancellationToken);
            result.LongFinal = await LongAnswerAsync(telegram, model);
            await Task.Delay(think, cancellationToken);
            (result.Approval, result.ApprovalAfterBot, result.ApprovalBotAfterModel) = await ApprovalAsync(telegram, model, bot, workspace);
            await Task.Delay(think, cancellationToken);

            // The same once more: the first approval of a process also pays for the first use of its code path.
            (result.SecondApproval, result.SecondApprovalAfterBot, _) = await ApprovalAsync(telegram, model, bot, workspace);
            result.Violations = telegram.RateLimitViolations;
            result.Typing = telegram.ChatActions.Any(a => a.ChatId == User && a.Action == "typing");
            return result;
        }
        catch (Exception ex) when (ex is TimeoutException)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Bot output:{Environment.NewLine}{bot.Tail}", ex);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One short answer's figures, in ms.</summary>
    /// <param name="Visible">First text on Telegram (a draft counts) after the user's message.</param>
    /// <param name="Final">The final answer on Telegram after the user's message.</param>
    /// <param name="VisibleAfterDelta">First text on Telegram after the fake model sent the first delta.</param>
    /// <param name="FinalAfterDelta">The final answer on Telegram after the fake model sent the last delta.</param>
    /// <param name="VisibleAfterBot">First text on Telegram after the bot received the first delta (its own timestamp).</param>
    /// <param name="BotAfterDelta">The bot received the first delta after the fake model sent it (codex's relay).</param>
    private sealed record HiFigures(double Visible, double Final, double VisibleAfterDelta, double FinalAfterDelta, double VisibleAfterBot, double BotAfterDelta);

    private static async Task<HiFigures> SayHiAsync(FakeBotApiServer telegram, FakeResponsesServer model, BotChild bot, string prompt)
    {
        DateTimeOffset firstDelta = default, lastDelta = default;
        model.Enqueue(FakeResponse.Streamed("Hello ", "from ", "the ", "fake ", "model.") with
        {
            BeforeDelta = async (i, ct) =>
            {
                if (i > 0)
                {
                    await Task.Delay(50, ct);
                }

                if (i == 0)
                {
                    firstDelta = DateTimeOffset.UtcNow;
                }

                lastDelta = DateTimeOffset.UtcNow;
            },
        });
        var before = telegram.Requests.Count;
        var asked = DateTimeOffset.UtcNow;
        telegram.SendText(User, User, prompt);
        var final = await telegram.WaitForAsync(t => FirstAccepted(t, before, body => body.Contains(Hello, StringComparison.Ordinal) && !body.Contains("stop:", StringComparison.Ordinal), drafts: false), Step, "the final answer");
        var visible = FirstAccepted(telegram, before, body => body.Contains("Hello", StringComparison.Ordinal), drafts: true)!;
        var received = await BotTimestamps.FirstTextAfterAsync(bot, asked, Step);
        if (Trace)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {prompt}: model's first delta +{(firstDelta - asked).TotalMilliseconds:0} ms, bot had it +{(received - asked).TotalMilliseconds:0} ms, last delta +{(lastDelta - asked).TotalMilliseconds:0} ms"));
            PrintCalls(telegram, before, asked);
        }

        return new HiFigures(
            (visible.Time - asked).TotalMilliseconds,
            (final.Time - asked).TotalMilliseconds,
            (visible.Time - firstDelta).TotalMilliseconds,
            (final.Time - lastDelta).TotalMilliseconds,
            (visible.Time - received).TotalMilliseconds,
            (received - firstDelta).TotalMilliseconds);
    }

    private static async Task<double> LongAnswerAsync(FakeBotApiServer telegram, FakeResponsesServer model)
    {
        var text = new StringBuilder();
        for (var line = 1; text.Length < 12_000; line++)
        {
            text.Append("Line ").Append(line).Append(": the quick brown fox jumps over the lazy dog again and again.\n");
        }

        var answer = text.ToString().TrimEnd();
        model.Enqueue(FakeResponse.Text(answer, deltaCount: 30).WithPacing(TimeSpan.FromMilliseconds(50)));
        var before = telegram.Requests.Count;
        var asked = DateTimeOffset.UtcNow;
        var lastLine = answer[(answer.LastIndexOf('\n') + 1)..];
        telegram.SendText(User, User, "write a lot");
        var final = await telegram.WaitForAsync(t => FirstAccepted(t, before, body => body.Contains(lastLine, StringComparison.Ordinal) && !body.Contains("stop:", StringComparison.Ordinal), drafts: false), Step, "the last page final");
        return (final.Time - asked).TotalMilliseconds;
    }

    /// <summary>The prompt on Telegram after the model finished asking for the command, and after the bot received codex's request; the bot's receipt after the model.</summary>
    private static async Task<(double AfterModel, double AfterBot, double BotAfterModel)> ApprovalAsync(FakeBotApiServer telegram, FakeResponsesServer model, BotChild bot, string workspace)
    {
        var index = model.Requests.Count;
        model.Enqueue(FakeResponse.ExecCommand("touch approved.txt", workspace), FakeResponse.Text("Ran it."));
        var before = telegram.Requests.Count;
        var sent = DateTimeOffset.UtcNow;
        telegram.SendText(User, User, "run it");
        var request = await model.WaitForRequestAsync(index).WaitAsync(Step);
        await request.Finished.WaitAsync(Step);
        var askedAt = DateTimeOffset.UtcNow;
        var prompt = await telegram.WaitForAsync(t => FirstAccepted(t, before, body => body.Contains("ap:", StringComparison.Ordinal), drafts: false), Step, "the approval prompt");
        var message = await telegram.WaitForBotMessageAsync(User, m => m.AllButtons.Any(b => b.CallbackData?.StartsWith("ap:", StringComparison.Ordinal) == true), Step);
        telegram.PressButton(User, User, message.MessageId, message.AllButtons.First(b => b.Text.Contains("Approve", StringComparison.Ordinal)).CallbackData!);
        await telegram.WaitForAsync(t => FirstAccepted(t, before, body => body.Contains("Ran it.", StringComparison.Ordinal) && !body.Contains("stop:", StringComparison.Ordinal), drafts: false), Step, "the answer after approval");
        var received = await BotTimestamps.ApprovalAfterAsync(bot, sent, Step);
        if (Trace)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run it: the model finished asking +{(askedAt - sent).TotalMilliseconds:0} ms, bot had codex's request +{(received - sent).TotalMilliseconds:0} ms"));
            PrintCalls(telegram, before, sent);
        }

        return ((prompt.Time - askedAt).TotalMilliseconds, (prompt.Time - received).TotalMilliseconds, (received - askedAt).TotalMilliseconds);
    }

    private static void PrintCalls(FakeBotApiServer telegram, int from, DateTimeOffset start)
    {
        foreach (var r in telegram.Requests.Skip(from).Where(r => r.Method is "sendMessage" or "editMessageText" or "sendMessageDraft" or "sendChatAction"))
        {
            var body = Uri.UnescapeDataString(r.Body).Replace('\n', ' ');
            var text = body.IndexOf("\"text\":", StringComparison.Ordinal) is var i and >= 0 ? body[(i + 7)..Math.Min(body.Length, i + 47)] : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    +{(r.Time - start).TotalMilliseconds:0} ms {r.Method} {r.StatusCode} {text}"));
        }
    }

    /// <summary>The first call since <paramref name="from"/> that Telegram accepted and whose body matches: a message (or an edit, or a draft).</summary>
    private static FakeRequest? FirstAccepted(FakeBotApiServer telegram, int from, Func<string, bool> body, bool drafts) =>
        telegram.Requests.Skip(from).FirstOrDefault(r =>
            r.StatusCode == 200
            && (r.Method is "sendMessage" or "editMessageText" || (drafts && r.Method == "sendMessageDraft"))
            && body(Uri.UnescapeDataString(r.Body)));
}
