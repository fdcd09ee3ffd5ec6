using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Testing.Hosting;

/// <summary>A minimal Kestrel app on 127.0.0.1 with a random port: the base of every fake server.</summary>
public static class LoopbackApp
{
    /// <summary>Builds the app, lets <paramref name="map"/> add its routes, starts it; returns it with its port.</summary>
    public static async Task<(WebApplication App, int Port)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address).Port);
    }

    /// <summary>Stops the app (giving in-flight requests a moment) and disposes it.</summary>
    public static async Task StopAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Streams held open by a test: dropped.
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }
}
