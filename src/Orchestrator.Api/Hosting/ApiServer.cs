using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Api.Agents;
using Orchestrator.Api.Artifacts;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Events;
using Orchestrator.Api.Health;
using Orchestrator.Api.Commands;
using Orchestrator.Api.Images;
using Orchestrator.Api.Json;
using Orchestrator.Api.Projects;
using Orchestrator.Api.Sessions;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Credentials;
using Orchestrator.Core.Events;
using Orchestrator.Core.Git;
using Orchestrator.Core.Projects;
using Orchestrator.Web.Hosting;

namespace Orchestrator.Api.Hosting;

/// <summary>
/// Kestrel inside the bot's process: a small ASP.NET Core application whose services are the bot's own singletons (the
/// event log, the credentials, the host's ports), so the API and Telegram share one database and one set of agents.
/// It starts in the background once the host's <see cref="IApiStartGate"/> opens (the bot: its first getUpdates was sent),
/// so that neither the first getUpdates waits for it nor its start competes with the bot's; a port that cannot be opened
/// is logged and Telegram keeps working. It stops with the host (open streams end at once).
/// </summary>
public sealed class ApiServer(
    IServiceProvider root,
    IOptions<WebOptions> options,
    IConfiguration configuration,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<ApiServer>();
    private readonly TaskCompletionSource<IReadOnlyList<Uri>> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private Task _starting = Task.CompletedTask;

    /// <summary>The addresses Kestrel listens on (with the real port when the configuration said 0); faults when it could not start.</summary>
    public Task<IReadOnlyList<Uri>> Listening => _listening.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            _listening.TrySetException(new InvalidOperationException("The HTTP API is off (Web:Enabled=false)."));
            return Task.CompletedTask;
        }

        _starting = Task.Run(() => StartWebAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StartWebAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (root.GetService<IApiStartGate>() is { } gate)
            {
                // The gate's bound keeps the API reachable when the host's start-up takes long (Telegram unreachable).
                await gate.Opened.WaitAsync(gate.MaxWait, cancellationToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var web = options.Value;
            foreach (var url in web.ParsedUrls().Where(u => u.Scheme == "http" && !WebOptions.IsLoopback(u)))
            {
                _logger.LogWarning("The HTTP API listens on {Url} without TLS (Web:AllowInsecureRemote): tokens and cookies cross the network in clear text", url);
            }

            var addresses = await ListenAsync(web, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("HTTP API listening on {Urls}", string.Join(", ", addresses));
            _listening.TrySetResult(addresses);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _listening.TrySetCanceled(cancellationToken); // the host stopped before the API started
        }
        catch (Exception ex)
        {
            _logger.LogError("The HTTP API could not start on {Urls}: {Error}. Telegram keeps working.", options.Value.Urls, ex.Message);
            _listening.TrySetException(ex);
        }
    }

    // A method of its own: ASP.NET Core's assemblies are loaded when this is compiled, i.e. only after the gate opened.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<IReadOnlyList<Uri>> ListenAsync(WebOptions web, CancellationToken cancellationToken)
    {
        var app = Build(web);
        _app = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a)).ToList() ?? [];
    }

    private WebApplication Build(WebOptions web)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ApiServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Everything comes from the bot's configuration (already validated); the web app reads no files of its own.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers); // the bot's Serilog: same sinks, same redaction; not disposed with the web app
        builder.WebHost.UseUrls(web.ParsedUrls().Select(u => u.GetLeftPart(UriPartial.Authority)).ToArray());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = web.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Configure(configuration.GetSection("Kestrel")); // certificates for https:// addresses
        });
        builder.Services.Configure<FormOptions>(f =>
        {
            f.MultipartBodyLengthLimit = web.MaxRequestBodyBytes;
            f.ValueCountLimit = 32;
        });

        builder.Services.AddSingleton(web);
        builder.Services.AddSingleton(root.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(root.GetRequiredService<IEventLog>());
        builder.Services.AddSingleton(root.GetRequiredService<ITransientEvents>());
        builder.Services.AddSingleton(root.GetRequiredService<ApiCredentials>());
        builder.Services.AddSingleton(root.GetRequiredService<IAgentConversations>());
        builder.Services.AddSingleton(root.GetRequiredService<IAgentApprovals>());
        builder.Services.AddSingleton(root.GetRequiredService<IUserDirectory>());
        builder.Services.AddSingleton(root.GetRequiredService<IImageUploads>());
        // The control plane (issue 15): reads through the core's own services, changes through the host's ports.
        builder.Services.AddSingleton(root.GetRequiredService<ProjectService>());
        builder.Services.AddSingleton(root.GetRequiredService<ProjectStore>());
        builder.Services.AddSingleton(root.GetRequiredService<CodingSessionStore>());
        builder.Services.AddSingleton(root.GetRequiredService<IWorktrees>());
        builder.Services.AddSingleton(root.GetRequiredService<ISessionControl>());
        builder.Services.AddSingleton(root.GetRequiredService<IProjectControl>());
        builder.Services.AddSingleton<SessionReader>();
        builder.Services.AddSingleton<ApiAuthentication>();
        builder.Services.AddSingleton<EventStream>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");

        var app = builder.Build();
        // A body over its limit (Kestrel's BadHttpRequestException) is the client's 413, not a server error.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next(context).ConfigureAwait(false);
        });
        // The dashboard's files are public (no data in them) and come before authentication: a signed-out visitor
        // gets the page that says to send /web, and the page's data calls carry the cookie.
        app.UseWebDashboard();
        var authentication = app.Services.GetRequiredService<ApiAuthentication>();
        app.Use((context, next) => authentication.InvokeAsync(context, next));
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapLogin();

        var api = app.MapGroup("/api/v1");
        api.MapHealth();
        api.MapAgents();
        api.MapApprovals();
        api.MapEngines();
        api.MapImages();
        api.MapEvents();
        api.MapProjects();
        api.MapSessions();
        api.MapCommands();
        api.MapArtifacts();
        return app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _starting.ConfigureAwait(false);
        if (_app is { } app)
        {
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quick.CancelAfter(TimeSpan.FromSeconds(2));
            await app.StopAsync(quick.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
