using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Media;

/// <summary>Checks <see cref="MediaOptions"/> at start; every message names its key.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options)
    {
        var errors = new List<string>();
        if (options.AlbumQuietTime < MediaOptions.MinAlbumQuietTime || options.AlbumQuietTime > TimeSpan.FromSeconds(30))
        {
            errors.Add(
                $"Media:AlbumQuietTime must be between {MediaOptions.MinAlbumQuietTime:hh\\:mm\\:ss\\.fff} and 00:00:30 (was {options.AlbumQuietTime}): " +
                "an album's photos arrive one by one, and a shorter time splits albums into several turns.");
        }

        if (options.MaxImageBytes <= 0 || options.MaxImageBytes > MediaOptions.TelegramDownloadLimit)
        {
            errors.Add($"Media:MaxImageBytes must be between 1 and {MediaOptions.TelegramDownloadLimit} (20 MB, Telegram's download limit for bots); was {options.MaxImageBytes}.");
        }

        if (options.MaxBytesPerAgent < options.MaxImageBytes)
        {
            errors.Add($"Media:MaxBytesPerAgent must be at least Media:MaxImageBytes ({options.MaxImageBytes}); was {options.MaxBytesPerAgent}.");
        }

        if (options.MaxTotalImageBytes < options.MaxImageBytes)
        {
            errors.Add($"Media:MaxTotalImageBytes must be at least Media:MaxImageBytes ({options.MaxImageBytes}); was {options.MaxTotalImageBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
