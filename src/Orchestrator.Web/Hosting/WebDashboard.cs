using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Web.Hosting;

/// <summary>
/// Serves the dashboard from the API's own Kestrel: <c>/</c> is the single page (<c>index.html</c>), the other files
/// sit at their path. The files are public (they hold no data; every piece of data comes from <c>/api/v1</c> with the
/// session cookie), so this runs before the API's authentication and a signed-out visitor sees the page that tells
/// them to send <c>/web</c>. A strict Content-Security-Policy allows only this origin: no inline script, no CDN.
/// </summary>
public static class WebDashboard
{
    /// <summary>The policy of every dashboard file: scripts, styles, images and connections from this origin only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
        + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseWebDashboard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var path = request.Path.Value ?? "/";
            var asset = WebAssets.Find(path == "/" ? "index.html" : path);
            if (asset is null)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await ServeAsync(context, asset).ConfigureAwait(false);
        });
    }

    private static async Task ServeAsync(HttpContext context, WebAsset asset)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.ETag = asset.ETag;
        // Revalidate every time (cheap: 304 by ETag) so a new bot version never runs with yesterday's script.
        response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Bytes.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await response.Body.WriteAsync(asset.Bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
