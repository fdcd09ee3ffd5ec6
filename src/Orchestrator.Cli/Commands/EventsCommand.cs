using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch events [--follow]</c>: the stored events, or every event as it happens (text deltas included).</summary>
public static class EventsCommand
{
    public static Command Create(CliContext cli)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing events as they happen (Ctrl+C stops)" };
        var kind = new Option<string?>("--kind") { Description = "Only events of this kind (e.g. turn.ended, session.state)" };
        var session = new Option<string?>("--session") { Description = "Only the events of this coding session" };
        var limit = new Option<int>("--limit") { Description = "How many stored events (newest)", DefaultValueFactory = _ => 20 };
        var command = new Command("events", "Show the control plane's events") { follow, kind, session, limit };
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var json = parse.GetValue(CliContext.Json);
            if (parse.GetValue(follow))
            {
                // On stderr, so that stdout stays the events alone (scripts): from here on nothing is missed.
                void Connected() => cli.Error.WriteLine($"Following events from {api.BaseUrl} (Ctrl+C stops)");
                await foreach (var e in api.StreamAsync(Connected, ct).ConfigureAwait(false))
                {
                    if ((parse.GetValue(kind) is { } only && e.Kind != only)
                        || (parse.GetValue(session) is { } sessionId && SessionEvents.SessionOf(e.Data) != sessionId))
                    {
                        continue;
                    }

                    if (json)
                    {
                        await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new { id = e.Id, @event = e.Kind, data = e.Data })).ConfigureAwait(false);
                    }
                    else
                    {
                        await cli.Output.WriteLineAsync(Line(e.Kind, e.Data)).ConfigureAwait(false);
                    }

                    await cli.Output.FlushAsync(ct).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var query = $"api/v1/events?limit={Math.Clamp(parse.GetValue(limit), 1, 1000)}"
                + (parse.GetValue(kind) is { } k ? "&kind=" + Uri.EscapeDataString(k) : "")
                + (parse.GetValue(session) is { } s ? "&session=" + Uri.EscapeDataString(s) : "");
            var events = await api.GetAsync(query, ct).ConfigureAwait(false);
            if (json)
            {
                await cli.WriteJsonAsync(events).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "At", "Kind", "Session", "Summary", "Actor");
            foreach (var e in events.EnumerateArray().Reverse())
            {
                table.AddRow(
                    Markup.Escape(CliContext.Text(e, "id")),
                    Markup.Escape(DateTimeOffset.TryParse(CliContext.Text(e, "at"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? Formats.When(at) : CliContext.Text(e, "at")),
                    Markup.Escape(CliContext.Text(e, "kind")), Markup.Escape(SessionEvents.SessionOf(e) ?? ""),
                    Markup.Escape(CliContext.Text(e, "summary")), Markup.Escape(CliContext.Text(e, "actor")));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }, cancel));
        return command;
    }

    private static string Line(string kind, JsonElement data) => kind switch
    {
        "turn.delta" => $"turn.delta  turn {CliContext.Text(data, "turn_id")}: {CliContext.Text(data, "text")}",
        "gap" => $"gap  {CliContext.Text(data, "detail")}",
        _ => SessionEvents.Line(kind, data),
    };
}
