using System.CommandLine;
using System.Text.Json;
using Orchestrator.Cli.Api;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>orch send AGENT ACTION PROJECT [SCOPE_OR_TASK…] [--model M] [--follow]</c>: starts a coding session as
/// <c>/send</c> does (announced in your private chat as <c>[CLI] /send …</c>, where its approvals appear), prints its
/// id, state, branch and worktree; <c>--follow</c> then prints the session's events until it waits for you or ends.
/// </summary>
public static class SendCommand
{
    private static readonly string[] Actions = ["analyze", "review", "implement", "plan"];

    /// <summary>The actions that change the repository (in a worktree of their own) and so need a task.</summary>
    private static readonly string[] WithWorktree = ["implement", "plan"];

    public static Command Create(CliContext cli)
    {
        var agent = new Argument<string>("agent") { Description = "An engine (codex, claude, copilot…) or one of your chat's agents" };
        var action = new Argument<string>("action") { Description = "analyze, review (read-only), implement, plan (in a worktree of their own)" };
        var project = new Argument<string>("project") { Description = "The project's slug (orch projects list)" };
        var task = new Argument<string[]>("task") { Description = "The task (implement, plan) or the scope (analyze, review; default: the whole repository)", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string?>("--model", "-m") { Description = "The model, passed to the engine" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Print the session's events until it waits for you or ends" };
        var command = new Command("send", "Start a coding session (as /send in Telegram)") { agent, action, project, task, model, follow };
        // The grammar is checked here too, so that a mistyped command line is a usage error (exit 2), not a refusal.
        action.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, Actions);
        command.Validators.Add(result =>
        {
            // Without a project the parser's own "Required argument 'project' missing" says it better.
            if (result.Tokens.Count >= 3 && result.GetValue(action) is { } chosen && WithWorktree.Contains(chosen.ToLowerInvariant())
                && string.Join(' ', result.GetValue(task) ?? []).Trim().Length == 0)
            {
                result.AddError($"Say what to {chosen.ToLowerInvariant()}: orch send AGENT {chosen.ToLowerInvariant()} PROJECT TASK…");
            }
        });
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var body = new Dictionary<string, string>
            {
                ["agent"] = parse.GetRequiredValue(agent),
                ["action"] = parse.GetRequiredValue(action).ToLowerInvariant(),
                ["project"] = parse.GetRequiredValue(project),
            };
            if (string.Join(' ', parse.GetValue(task) ?? []).Trim() is { Length: > 0 } words)
            {
                body["task"] = words;
            }

            if (parse.GetValue(model) is { Length: > 0 } m)
            {
                body["model"] = m;
            }

            if (!parse.GetValue(follow))
            {
                return await PrintStartedAsync(cli, parse, await api.PostAsync("api/v1/sessions", body, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }

            return await FollowAsync(cli, parse, api, body, ct).ConfigureAwait(false);
        }, cancel));
        return command;
    }

    private static async Task<int> PrintStartedAsync(CliContext cli, ParseResult parse, JsonElement json)
    {
        if (cli.WantsJson(parse))
        {
            await cli.WriteJsonAsync(json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var session = ApiJson.Read<SessionView>(json);
        await cli.Output.WriteLineAsync(SessionPrint.Title(session)).ConfigureAwait(false);
        if (session.Branch is { Length: > 0 })
        {
            await cli.Output.WriteLineAsync($"  branch   {session.Branch}").ConfigureAwait(false);
        }

        if (session.WorktreePath is { Length: > 0 })
        {
            await cli.Output.WriteLineAsync($"  worktree {session.WorktreePath}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Listens first, then starts the session: none of its events can pass before the stream is open.</summary>
    private static async Task<int> FollowAsync(CliContext cli, ParseResult parse, OrchApi api, Dictionary<string, string> body, CancellationToken ct)
    {
        var json = cli.WantsJson(parse);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = api.StreamAsync(() => connected.TrySetResult(), stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            await Task.WhenAny(connected.Task, next).ConfigureAwait(false);
            if (next.IsCompleted)
            {
                await next.ConfigureAwait(false); // a refusal of the stream surfaces here
            }

            var started = await api.PostAsync("api/v1/sessions", body, ct).ConfigureAwait(false);
            var session = ApiJson.Read<SessionView>(started);
            if (json)
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new { @event = "session", data = started })).ConfigureAwait(false);
            }
            else
            {
                await PrintStartedAsync(cli, parse, started).ConfigureAwait(false);
            }

            var state = session.State;
            while (!SessionEvents.Settled.Contains(state) && await next.ConfigureAwait(false))
            {
                var e = events.Current;
                next = events.MoveNextAsync().AsTask();
                if (SessionEvents.SessionOf(e.Data) != session.Id)
                {
                    continue;
                }

                await cli.Output.WriteLineAsync(json
                    ? JsonSerializer.Serialize(new { id = e.Id, @event = e.Kind, data = e.Data })
                    : SessionEvents.Line(e.Kind, e.Data)).ConfigureAwait(false);
                if (!json && e.Kind == "approval.requested")
                {
                    await cli.Output.WriteLineAsync("          → approve or deny it in Telegram (your private chat with the bot)").ConfigureAwait(false);
                }

                await cli.Output.FlushAsync(ct).ConfigureAwait(false);
                state = SessionEvents.StateOf(e.Kind, e.Data) ?? state;
            }

            if (!SessionEvents.Settled.Contains(state))
            {
                await cli.Error.WriteLineAsync($"orch: the event stream ended while session {session.Id} was {Formats.State(state)}; orch sessions show {session.Id} tells where it is.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (state is "failed" or "stopped")
            {
                await cli.Error.WriteLineAsync($"orch: session {session.Id} {state}; orch sessions show {session.Id} says why, orch sessions resume {session.Id} continues it.").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (!json)
            {
                await cli.Output.WriteLineAsync(state == "waiting_for_user"
                    ? $"Session {session.Id} waits for you: orch sessions diff {session.Id}, orch sessions followup {session.Id} TEXT, or archive/delete it."
                    : $"Session {session.Id} is {Formats.State(state)}.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
        finally
        {
            // The read in flight ends (cancelled) before the stream is disposed: an enumerator cannot be disposed mid-read.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ApiException)
            {
            }

            try
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        }
    }
}
