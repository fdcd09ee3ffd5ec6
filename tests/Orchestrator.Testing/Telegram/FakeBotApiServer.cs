using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Testing.Telegram;

/// <summary>
/// An in-process Bot API server on 127.0.0.1 (random port), as strict as Telegram: token check, real error texts,
/// long polling with 409 conflicts, HTML entity parsing, the 4096-character limit, flood control with 429 retry_after,
/// and fault injection. Tests inject updates (<see cref="SendText"/>, <see cref="PressButton"/>), then observe what the
/// bot did (<see cref="Requests"/>, <see cref="BotMessages"/>, ...) and wait for it with <see cref="WaitForAsync{T}"/>.
/// </summary>
public sealed partial class FakeBotApiServer : IAsyncDisposable
{
    private const string BadGatewayHtml =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";

    private readonly object gate = new();
    private readonly WebApplication app;
    private readonly FakeRateLimiter rateLimiter;
    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<string, Queue<FakeApiError>> faults = new(StringComparer.OrdinalIgnoreCase);
    private FakeOutage outage;
    private int heldRequests;
    private TaskCompletionSource outageEnded = NewSignal();
    private readonly Dictionary<string, TaskCompletionSource> methodHolds = [];
    private readonly Dictionary<string, int> heldCalls = [];
    private bool forcedConflict;

    private FakeBotApiServer(WebApplication app, FakeBotApiOptions options, string token)
    {
        this.app = app;
        Options = options;
        Token = token;
        rateLimiter = new FakeRateLimiter(options.RateLimits, options.TimeProvider);
    }

    public FakeBotApiOptions Options { get; }

    /// <summary>Pass to the client as its base URL, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The only token this server accepts (well-formed, random per server); others get 401 Unauthorized.</summary>
    public string Token { get; }

    /// <summary>The bot as getMe returns it.</summary>
    public global::Telegram.Bot.Types.User BotUser => new()
    {
        Id = Options.BotId,
        IsBot = true,
        FirstName = Options.BotFirstName,
        Username = Options.BotUsername,
    };

    public static async Task<FakeBotApiServer> StartAsync(FakeBotApiOptions? options = null)
    {
        options ??= new FakeBotApiOptions();
        var token = $"{options.BotId}:AA{RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 33)}";
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeBotApiServer(app, options, token);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>Makes the next <paramref name="count"/> calls of <paramref name="method"/> fail with this error.</summary>
    public void FailNext(string method, int errorCode, string description, int? retryAfter = null, int count = 1)
    {
        lock (gate)
        {
            if (!faults.TryGetValue(method, out var queue))
            {
                faults[method] = queue = new Queue<FakeApiError>();
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(new FakeApiError(errorCode, description, retryAfter));
            }
        }
    }

    /// <summary>Starts or ends an outage. Ending a <see cref="FakeOutage.Hang"/> releases the held requests, which are then served normally.</summary>
    public void SetOutage(FakeOutage mode)
    {
        TaskCompletionSource? release = null;
        lock (gate)
        {
            outage = mode;
            if (mode == FakeOutage.None)
            {
                release = outageEnded;
                outageEnded = NewSignal();
            }
        }

        release?.TrySetResult();
        NotifyChanged();
    }

    /// <summary>
    /// Holds every call of <paramref name="method"/> (e.g. "getFile": a slow download) without an answer until the
    /// returned action is called, then serves them normally. <see cref="HeldCallsOf"/> counts the calls held right now.
    /// </summary>
    public Action HoldMethod(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var release = NewSignal();
        lock (gate)
        {
            methodHolds[method.ToLowerInvariant()] = release;
        }

        return () =>
        {
            lock (gate)
            {
                if (methodHolds.TryGetValue(method.ToLowerInvariant(), out var current) && current == release)
                {
                    methodHolds.Remove(method.ToLowerInvariant());
                }
            }

            release.TrySetResult();
            NotifyChanged();
        };
    }

    /// <summary>Calls of <paramref name="method"/> held by <see cref="HoldMethod"/> right now.</summary>
    public int HeldCallsOf(string method)
    {
        lock (gate)
        {
            return heldCalls.GetValueOrDefault(method.ToLowerInvariant());
        }
    }

    private async Task PassHoldAsync(string method, CancellationToken aborted)
    {
        var name = method.ToLowerInvariant();
        Task release;
        lock (gate)
        {
            if (!methodHolds.TryGetValue(name, out var hold))
            {
                return;
            }

            release = hold.Task;
            heldCalls[name] = heldCalls.GetValueOrDefault(name) + 1;
        }

        NotifyChanged();
        try
        {
            await release.WaitAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                heldCalls[name]--;
            }

            NotifyChanged();
        }
    }

    /// <summary>While on, every getUpdates gets 409 Conflict, as when another bot instance polls the same token.</summary>
    public void SetConflict(bool conflict)
    {
        lock (gate)
        {
            forcedConflict = conflict;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        SetOutage(FakeOutage.None);
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var isFile = path.StartsWith("/file/bot", StringComparison.Ordinal);
        var rest = isFile ? path["/file/bot".Length..] : path.StartsWith("/bot", StringComparison.Ordinal) ? path["/bot".Length..] : null;
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (rest is null || slash < 0)
        {
            await WriteError(context, new FakeApiError(404, "Not Found"), "?", "").ConfigureAwait(false);
            return;
        }

        var token = rest[..slash];
        var method = isFile ? "download" : rest[(slash + 1)..];
        var multipart = context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
        IFormCollection? upload = null;
        string body;
        if (multipart && context.Request.HasFormContentType)
        {
            upload = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            body = string.Join("&", upload.Select(f => f.Key + "=" + f.Value)) + string.Concat(upload.Files.Select(f => $"&{f.Name}=<file {f.FileName}, {f.Length} bytes>"));
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        if (token != Token)
        {
            await WriteError(context, new FakeApiError(401, "Unauthorized"), method, body).ConfigureAwait(false);
            return;
        }

        if (!await PassOutage(context, method, body).ConfigureAwait(false))
        {
            return;
        }

        FakeArgs? args = null;
        try
        {
            if (isFile)
            {
                await ServeFile(context, rest[(slash + 1)..]).ConfigureAwait(false);
                return;
            }

            var form = upload is not null ? upload.Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.ToString())).ToList()
                : context.Request.HasFormContentType ? ParseForm(body) : [];
            args = FakeArgs.Parse(body, context.Request.ContentType, form.Concat(context.Request.Query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))));
            if (upload is not null)
            {
                args.Files = await ReadUploadsAsync(upload.Files, context.RequestAborted).ConfigureAwait(false);
            }

            await PassHoldAsync(method, context.RequestAborted).ConfigureAwait(false);
            TakeFault(method);
            var result = await Dispatch(method, args, context.RequestAborted).ConfigureAwait(false);
            var json = new JsonObject { ["ok"] = true, ["result"] = result }.ToJsonString();
            Log(method, args, body, 200, null);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FakeApiError error)
        {
            await WriteError(context, error, method, body, args).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            Log(method, args, body, 499, "request abandoned");
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            // A parameter of the wrong JSON type (e.g. message_id as an object): Telegram answers 400, so does the fake.
            await WriteError(context, FakeApiError.BadRequest("invalid parameter: " + ex.Message), method, body, args).ConfigureAwait(false);
        }
    }

    private async Task<bool> PassOutage(HttpContext context, string method, string body)
    {
        Task released;
        lock (gate)
        {
            if (outage == FakeOutage.None)
            {
                return true;
            }

            if (outage == FakeOutage.BadGateway)
            {
                released = Task.CompletedTask;
            }
            else
            {
                released = outageEnded.Task;
            }
        }

        if (released.IsCompleted)
        {
            Log(method, null, body, 502, "502 Bad Gateway (outage)");
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(BadGatewayHtml).ConfigureAwait(false);
            return false;
        }

        Interlocked.Increment(ref heldRequests);
        NotifyChanged();
        try
        {
            await released.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            return !stopping.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            Log(method, null, body, 499, "client gave up during a hang outage");
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref heldRequests);
            NotifyChanged();
        }
    }

    /// <summary>Requests being held right now by a <see cref="FakeOutage.Hang"/> outage.</summary>
    public int HeldRequests => Volatile.Read(ref heldRequests);

    private void TakeFault(string method)
    {
        lock (gate)
        {
            if (faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault))
            {
                throw fault;
            }
        }
    }

    private async Task<JsonNode?> Dispatch(string method, FakeArgs args, CancellationToken aborted) => method.ToLowerInvariant() switch
    {
        "getme" => FakeJson.Bot(Options),
        "getupdates" => await GetUpdates(args, aborted).ConfigureAwait(false),
        "sendmessage" => SendMessage(args),
        "editmessagetext" => EditMessageText(args),
        "editmessagereplymarkup" => EditMessageReplyMarkup(args),
        "deletemessage" => DeleteMessage(args),
        "sendchataction" => SendChatAction(args),
        "answercallbackquery" => AnswerCallbackQuery(args),
        "setmycommands" => SetMyCommands(args),
        "getfile" => GetFile(args),
        "getchatadministrators" => GetChatAdministrators(args),
        "senddocument" => SendDocument(args),
        "sendmessagedraft" => SendMessageDraft(args),
        _ => throw new FakeApiError(404, "Not Found"),
    };

    private async Task WriteError(HttpContext context, FakeApiError error, string method, string body, FakeArgs? args = null)
    {
        Log(method, args, body, error.Code, error.Description);
        var json = new JsonObject { ["ok"] = false, ["error_code"] = error.Code, ["description"] = error.Description };
        if (error.RetryAfter is { } retry)
        {
            json["parameters"] = new JsonObject { ["retry_after"] = retry };
        }
        else if (error.MigrateToChatId is { } to)
        {
            json["parameters"] = new JsonObject { ["migrate_to_chat_id"] = to };
        }

        context.Response.StatusCode = error.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString()).ConfigureAwait(false);
    }

    private static List<KeyValuePair<string, string?>> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => KeyValuePair.Create(Uri.UnescapeDataString(kv[0].Replace('+', ' ')), (string?)Uri.UnescapeDataString(kv.Length > 1 ? kv[1].Replace('+', ' ') : "")))
            .ToList();
}
