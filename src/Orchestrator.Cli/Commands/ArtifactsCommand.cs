using System.CommandLine;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch artifacts list [--project] [--session]|show ID</c>: the files sessions left (diffs, plans, transcripts).</summary>
public static class ArtifactsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("artifacts", "Files sessions left (turn diffs, plan.md, transcript.jsonl): list, show");
        command.Add(List(cli));
        command.Add(Show(cli));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's artifacts (slug)" };
        var session = new Option<string?>("--session", "-s") { Description = "Only this session's artifacts" };
        var list = new Command("list", "List artifacts") { project, session };
        list.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var query = new List<string>();
            if (parse.GetValue(project) is { Length: > 0 } p)
            {
                query.Add("project=" + Uri.EscapeDataString(p));
            }

            if (parse.GetValue(session) is { Length: > 0 } s)
            {
                query.Add("session=" + Uri.EscapeDataString(s));
            }

            var json = await api.GetAsync("api/v1/artifacts" + (query.Count == 0 ? "" : "?" + string.Join('&', query)), ct).ConfigureAwait(false);
            if (cli.WantsJson(parse))
            {
                await cli.WriteJsonAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var artifacts = ApiJson.ReadList<ArtifactView>(json);
            if (artifacts.Count == 0)
            {
                await cli.Output.WriteLineAsync("No artifacts.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Project", "Session", "Name", "Size", "Modified");
            foreach (var a in artifacts)
            {
                table.AddRow(
                    Formats.Esc(a.Id), Formats.Esc(a.Project), Formats.Esc(a.SessionId), Formats.Esc(a.Name),
                    Formats.Bytes(a.SizeBytes), Formats.Esc(Formats.When(a.ModifiedAt)));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }, cancel));
        return list;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "SESSIONID.NAME, e.g. a1b2c3.turn-1.diff (orch artifacts list)" };
        var show = new Command("show", "Print an artifact's content, unchanged (redirect it to a file for binary ones)") { id };
        show.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var artifact = parse.GetRequiredValue(id);
            if (cli.WantsJson(parse))
            {
                // The artifact's own bytes are the document; --json gives its listing entry instead.
                var session = artifact.Split('.', 2)[0];
                var listed = await api.GetAsync("api/v1/artifacts?session=" + Uri.EscapeDataString(session), ct).ConfigureAwait(false);
                var entry = listed.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? listed.EnumerateArray().FirstOrDefault(a => ApiJson.Read<ArtifactView>(a).Id is var known && (known == artifact || Uri.UnescapeDataString(known) == artifact))
                    : default;
                if (entry.ValueKind == System.Text.Json.JsonValueKind.Undefined)
                {
                    throw new ApiException($"404 There is no artifact {artifact}: orch artifacts list --session {session} lists them.");
                }

                await cli.WriteJsonAsync(entry).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await cli.Output.FlushAsync(ct).ConfigureAwait(false);
            await using var stdout = cli.Output == Console.Out ? Console.OpenStandardOutput() : null;
            if (stdout is not null)
            {
                await api.CopyToAsync("api/v1/artifacts/" + Formats.Segment(artifact) + "/content", stdout, ct).ConfigureAwait(false);
            }
            else
            {
                using var buffer = new MemoryStream();
                await api.CopyToAsync("api/v1/artifacts/" + Formats.Segment(artifact) + "/content", buffer, ct).ConfigureAwait(false);
                await cli.Output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancel));
        return show;
    }
}
