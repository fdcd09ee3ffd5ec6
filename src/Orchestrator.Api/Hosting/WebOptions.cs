using System.Net;
using Microsoft.Extensions.Options;

namespace Orchestrator.Api.Hosting;

/// <summary>The <c>Web</c> configuration section: the HTTP API inside the bot's process.</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>False: no HTTP listener at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Addresses to listen on, separated by <c>;</c>. Port 0 picks a free port (tests).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Lets a non-loopback <c>http://</c> address start (with a warning); otherwise start-up refuses it.</summary>
    public bool AllowInsecureRemote { get; set; }

    /// <summary>The address login links point at (how a browser reaches the API); empty: the first of <see cref="Urls"/>.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>How long a <c>/web</c> login link can be used (once).</summary>
    public TimeSpan LoginLinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a browser session (the cookie) lasts.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The largest request body, in bytes (an image upload is at most Media:MaxImageBytes plus the form's envelope).</summary>
    public long MaxRequestBodyBytes { get; set; } = 9 * 1024 * 1024;

    /// <summary>A comment line on every SSE stream this often, so proxies and clients see it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<Uri> ParsedUrls() =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)))
            .ToList();

    /// <summary>True when <paramref name="url"/> can only be reached from this machine.</summary>
    public static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        IReadOnlyList<Uri> urls = [];
        try
        {
            urls = options.ParsedUrls();
        }
        catch (UriFormatException ex)
        {
            problems.Add($"Web:Urls is not a list of URLs separated by ';' ({ex.Message}).");
        }

        if (urls.Count == 0 && problems.Count == 0)
        {
            problems.Add("Web:Urls is empty: give an address such as http://127.0.0.1:5080, or set Web:Enabled to false.");
        }

        foreach (var url in urls)
        {
            if (url.Scheme is not ("http" or "https"))
            {
                problems.Add($"Web:Urls: {url} is neither http:// nor https://.");
            }
            else if (url.Scheme == "http" && !WebOptions.IsLoopback(url) && !options.AllowInsecureRemote)
            {
                problems.Add(
                    $"Web:Urls: {url} can be reached from other machines without TLS, so tokens and cookies would cross the network in clear text. "
                    + "Listen on 127.0.0.1 (and use an SSH tunnel or a TLS proxy), use https://, or set Web:AllowInsecureRemote=true if you accept that.");
            }
        }

        if (options.PublicUrl.Length > 0 && !Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out _))
        {
            problems.Add("Web:PublicUrl is not an absolute URL.");
        }

        if (options.LoginLinkLifetime <= TimeSpan.Zero || options.LoginLinkLifetime > TimeSpan.FromHours(1))
        {
            problems.Add("Web:LoginLinkLifetime must be more than 0 and at most 01:00:00.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > TimeSpan.FromDays(90))
        {
            problems.Add("Web:SessionLifetime must be more than 0 and at most 90 days.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            problems.Add("Web:MaxRequestBodyBytes must be at least 1024.");
        }

        if (options.HeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add("Web:HeartbeatInterval must be at least 00:00:01.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
