using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Web.Hosting;

namespace Orchestrator.Web.Tests.Hosting;

/// <summary>The dashboard is its embedded files: complete (every file a page or module names is there) and offline (nothing from another origin).</summary>
public sealed partial class WebAssetsTests
{
    [Fact]
    public void Every_file_the_page_and_its_modules_load_is_embedded_and_none_comes_from_another_origin()
    {
        Assert.Contains("index.html", WebAssets.Paths);
        var referenced = new List<string>();
        foreach (var path in WebAssets.Paths.Where(p => p.EndsWith(".html", StringComparison.Ordinal) || p.EndsWith(".js", StringComparison.Ordinal)))
        {
            var text = Encoding.UTF8.GetString(WebAssets.Find(path)!.Bytes);
            Assert.DoesNotMatch(ExternalUrl(), text); // no CDN, no web font: it works offline
            foreach (Match m in HtmlReference().Matches(text))
            {
                referenced.Add(m.Groups[1].Value);
            }

            foreach (Match m in ModuleImport().Matches(text))
            {
                referenced.Add("js/" + m.Groups[1].Value);
            }
        }

        Assert.Contains("js/app.js", referenced);
        Assert.Contains("js/chat.js", referenced);
        foreach (var path in referenced.Distinct())
        {
            Assert.True(WebAssets.Find(path) is not null, $"{path} is referenced but not embedded");
        }
    }

    [Fact]
    public void The_policy_allows_scripts_styles_and_connections_from_this_origin_only()
    {
        Assert.Contains("script-src 'self'", WebDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", WebDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", WebDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", WebDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:src|href)=""(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"(?:src|href)=""/([^""#]+)""")]
    private static partial Regex HtmlReference();

    [GeneratedRegex(@"from ""\./([\w.-]+)""")]
    private static partial Regex ModuleImport();
}
