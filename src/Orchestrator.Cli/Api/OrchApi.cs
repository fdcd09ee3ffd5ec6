using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Orchestrator.Cli.Api;

/// <summary>A refusal or failure the API (or the network) gave; <see cref="Message"/> is its problem+json detail.</summary>
public sealed class ApiException(string message, HttpStatusCode? status = null, JsonElement problem = default) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The problem+json body, when there was one (e.g. a stale delete's <c>preview</c> member).</summary>
    public JsonElement Problem { get; } = problem;
}

/// <summary>One Server-Sent Event.</summary>
public sealed record StreamEvent(string? Id, string Kind, JsonElement Data);

/// <summary>
/// The HTTP API as the CLI uses it: <c>ORCH_URL</c> (default http://127.0.0.1:5080) and <c>ORCH_TOKEN</c> (a token from
/// <c>/token new NAME</c>), JSON in and out, problem+json details turned into <see cref="ApiException"/>s.
/// </summary>
public sealed class OrchApi : IDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private readonly HttpClient _http;

    public OrchApi(string? url, string? token)
    {
        BaseUrl = new Uri(string.IsNullOrWhiteSpace(url) ? DefaultUrl : url.TrimEnd('/') + "/");
        _http = new HttpClient { BaseAddress = BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrWhiteSpace(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        }
    }

    public Uri BaseUrl { get; }

    public static OrchApi FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("ORCH_URL"), Environment.GetEnvironmentVariable("ORCH_TOKEN"));

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) }, cancellationToken);

    /// <summary>Copies a file the API serves (an artifact's content) to <paramref name="destination"/>, unchanged.</summary>
    public async Task CopyToAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads an image for an agent (multipart, as <c>POST /api/v1/images</c> expects).</summary>
    public async Task<JsonElement> UploadImageAsync(string agentId, string file, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var content = new MultipartFormDataContent
        {
            { new StringContent(agentId), "agent_id" },
            { new ByteArrayContent(bytes), "file", Path.GetFileName(file) },
        };
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/images") { Content = content }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live event stream, from now on; <paramref name="connected"/> runs once the server is listening for us.</summary>
    public async IAsyncEnumerable<StreamEvent> StreamAsync(Action? connected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/stream/events");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        string? id = null;
        var kind = "message";
        string? data = null;
        var first = true;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    yield return new StreamEvent(id, kind, JsonDocument.Parse(data).RootElement.Clone());
                }

                (id, kind, data) = (null, "message", null);
            }
            else if (line.StartsWith(':'))
            {
                if (first)
                {
                    first = false;
                    connected?.Invoke();
                }
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = data is null ? line[6..] : data + "\n" + line[6..];
            }
        }
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new ApiException($"{BaseUrl} answered {request.RequestUri} with something that is not JSON: is ORCH_URL the bot's API?");
            }
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ApiException($"Cannot reach the API at {BaseUrl} ({ex.Message}). Is the bot running? Set ORCH_URL if it listens elsewhere.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var (detail, problem) = await ProblemDetailAsync(response, cancellationToken).ConfigureAwait(false);
            var hint = response.StatusCode == HttpStatusCode.Unauthorized && _http.DefaultRequestHeaders.Authorization is null
                ? " Set ORCH_TOKEN to a token from /token new NAME (an admin, in a private chat with the bot)."
                : "";
            throw new ApiException($"{(int)response.StatusCode} {detail}{hint}", response.StatusCode, problem);
        }
    }

    private static async Task<(string Detail, JsonElement Problem)> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var json = JsonDocument.Parse(body).RootElement.Clone();
            if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                && detail.GetString() is { Length: > 0 } text)
            {
                return (text, json);
            }

            return (response.ReasonPhrase ?? "request failed", json);
        }
        catch (JsonException)
        {
        }

        return (response.ReasonPhrase ?? "request failed", default);
    }

    public void Dispose() => _http.Dispose();
}
