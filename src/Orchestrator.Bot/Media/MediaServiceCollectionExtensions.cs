using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>Images in: options (<c>Media</c>, validated at start), download, storage with quota (albums are gathered by each chat's owner, Chats/ChatOwner).</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TelegramImageDownloader>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<ImageIntake>();
        return services;
    }
}
