using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Persistence;

namespace Orchestrator.Bot.Security;

/// <summary>
/// Refuses to start when the bot's own files lie in a folder agents may write (Codex's <c>workspace-write</c> sandbox
/// writes the working folder without asking): the data folder (database with access grants, logs), the configuration
/// files and the program folder. An agent able to write them could make anyone an admin or read the token.
/// One line per agent folder that contains bot files, naming the setting.
/// </summary>
internal sealed class BotFilesPlacementValidator(IOptions<StorageOptions> storage, IConfiguration configuration) : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        var botFiles = new List<(string What, string Path)>
        {
            ($"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)}", storage.Value.FullDataDirectory),
        };
        botFiles.AddRange(BotFiles.ConfigurationFilesOf(configuration).Select(f => ("the configuration file", f)));
        botFiles.Add(("the bot's program folder", BotFiles.ProgramFolder));

        var agentFolders = new List<(string Setting, string Path)>
        {
            ($"{AgentsOptions.Section}:{nameof(AgentsOptions.DefaultWorkingDirectory)}", options.ResolvedDefaultWorkingDirectory),
        };
        if (options.AllowedRoots.Any(r => !string.IsNullOrWhiteSpace(r)))
        {
            agentFolders.AddRange(options.ResolvedAllowedRoots.Select(r => ($"{AgentsOptions.Section}:{nameof(AgentsOptions.AllowedRoots)}", r)));
        }

        var errors = new List<string>();
        foreach (var (setting, folder) in agentFolders)
        {
            var inside = botFiles.Where(f => BotFiles.IsInside(f.Path, folder)).Select(f => $"{f.What} '{f.Path}'").ToList();
            if (inside.Count > 0)
            {
                errors.Add(
                    $"{setting} '{folder}' contains the bot's own files ({string.Join(", ", inside)}); agents may write there. " +
                    $"Choose agent folders outside them, or move {StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)} and the bot elsewhere.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
