using System.Globalization;
using System.Net.Http.Json;

namespace Orchestrator.Telegram.Transport;

/// <summary>
/// The HTTP handler under Telegram.Bot's <c>TelegramBotClient</c>, for what the package does not do:
/// <list type="bullet">
/// <item>A timeout per call (the HttpClient's own Timeout should be infinite): getUpdates may take its long-poll timeout
/// plus a grace, every other call <see cref="BotApiTransportOptions.RequestTimeout"/>. A call that runs out fails with a
/// <see cref="TimeoutException"/> (Telegram.Bot wraps it in a <c>RequestException</c>).</item>
/// <item>No token in failures: every Bot API URL contains the token, and Telegram.Bot copies the message of whatever the
/// HTTP stack throws into its <c>RequestException</c> and keeps the original as the inner exception. A failure whose
/// text contains the token is replaced by an <see cref="HttpRequestException"/> with the token cut out and no inner
/// exception.</item>
/// <item>A JSON body with its length: Telegram.Bot sends its requests as <see cref="JsonContent"/>, which has no length
/// of its own, so HttpClient would send it in chunks (<c>Transfer-Encoding: chunked</c>: more writes per call, measured
/// as CPU in docs/performance.md §7.3). The body is serialized into a buffer first and goes out with its
/// <c>Content-Length</c> in one write. Files (multipart) stream as before.</item>
/// </list>
/// </summary>
public sealed class BotApiHttpHandler : DelegatingHandler
{
    private const string Redacted = "<token>";
    private readonly string token;
    private readonly BotApiTransportOptions options;

    public BotApiHttpHandler(string token, BotApiTransportOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(options);
        this.token = token;
        this.options = options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = MethodOf(request);
        var timeout = method == "getUpdates" ? options.LongPollTimeout + options.LongPollGrace : options.RequestTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            if (request.Content is JsonContent json)
            {
                await json.LoadIntoBufferAsync(cts.Token).ConfigureAwait(false);
            }

            return await base.SendAsync(request, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture, $"Telegram {method} got no response within {timeout.TotalSeconds:0.#} s."));
        }
        catch (Exception ex) when (ex.ToString().Contains(token, StringComparison.Ordinal))
        {
            throw new HttpRequestException(
                $"Telegram {method} failed: {ex.Message.Replace(token, Redacted, StringComparison.Ordinal)}",
                null,
                (ex as HttpRequestException)?.StatusCode);
        }
    }

    /// <summary>The Bot API method (the last path segment), or "file download"; never the token.</summary>
    private static string MethodOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        return path.StartsWith("/file/", StringComparison.Ordinal) ? "file download" : path[(path.LastIndexOf('/') + 1)..];
    }
}
