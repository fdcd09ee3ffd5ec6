using System.CommandLine;
using System.Text.Json;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>What every command shares: the API, the output (tables for people, JSON for scripts) and the error path.</summary>
public sealed class CliContext(Func<OrchApi> api, IAnsiConsole console, IAnsiConsole errorConsole, TextWriter output, TextWriter error)
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON (one document, or one line per event) for scripts", Recursive = true };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public IAnsiConsole Console { get; } = console;

    /// <summary>Tables and questions on stderr: for what must not mix with JSON on stdout.</summary>
    public IAnsiConsole ErrorConsole { get; } = errorConsole;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Runs a command's body: an <see cref="ApiException"/> becomes one line on stderr and exit code 1.</summary>
    public async Task<int> RunAsync(Func<OrchApi, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        using var client = api();
        try
        {
            return await body(client, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            await Error.WriteLineAsync($"orch: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
    }

    /// <summary>Whether the command line asked for JSON (<c>--json</c>, anywhere).</summary>
    public bool WantsJson(ParseResult parse) => parse.GetValue(Json);

    /// <summary>A person can answer a question: the input is a terminal (not a pipe, not a file, not closed).</summary>
    public bool CanAsk => !System.Console.IsInputRedirected && Console.Profile.Capabilities.Interactive;

    public Task WriteJsonAsync(JsonElement json, bool indented = true) =>
        Output.WriteLineAsync(indented ? JsonSerializer.Serialize(json, Indented) : json.GetRawText());

    public static string Text(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() ?? "",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => value.GetRawText(),
            }
            : "";
}
