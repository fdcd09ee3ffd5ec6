using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Orchestrator.Web.Hosting;

/// <summary>One file of the dashboard: its bytes, content type and a strong ETag (a hash of the bytes).</summary>
public sealed record WebAsset(string Path, byte[] Bytes, string ContentType, string ETag);

/// <summary>
/// The dashboard's files, read once from this assembly's embedded resources (<c>wwwroot/…</c>). Embedding keeps the
/// app one with the binary: no content folder to copy or to find at run time, nothing a user sets up.
/// </summary>
public static class WebAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, WebAsset>> All = new(Load);

    /// <summary>The asset at <paramref name="path"/> ("/js/app.js" or "js/app.js"), or null.</summary>
    public static WebAsset? Find(string path) =>
        All.Value.TryGetValue(path.TrimStart('/'), out var asset) ? asset : null;

    public static IReadOnlyCollection<string> Paths => All.Value.Keys;

    private static FrozenDictionary<string, WebAsset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var assets = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var path = name["wwwroot/".Length..].Replace('\\', '/');
            var bytes = Read(assembly, name);
            var type = ContentTypes.GetValueOrDefault(System.IO.Path.GetExtension(path), "application/octet-stream");
            assets[path] = new WebAsset(path, bytes, type, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
