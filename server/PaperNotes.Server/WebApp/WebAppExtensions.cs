using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PaperNotes.Server.Auth.Connect;

namespace PaperNotes.Server.WebApp;

/// <summary>Where the built web library is (<c>WebApp</c> section); by default <c>web/dist</c> of the repository.</summary>
public sealed class WebAppOptions
{
    public const string Section = "WebApp";

    /// <summary>The folder <c>scripts/build-web.sh</c> writes; found by walking up from the content root when unset.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// The web library at <c>/app</c> (SPEC §8): the files <c>web/build.mjs</c> bundled, with every other path under
/// <c>/app</c> answered by its <c>index.html</c> (the app routes <c>/app/callback</c>, <c>/app/paper/…</c> itself), and its
/// sign-in client <c>papernotes-web</c>. A server started without the built files still runs and says so at <c>/app</c>.
/// </summary>
public static class WebAppExtensions
{
    /// <summary>
    /// Only the app's own scripts run: the same rule an MV3 extension page has, so a note's Markdown or a paper's
    /// title that slipped past sanitising cannot run script that reads the tokens in this origin's IndexedDB.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; "
        + "object-src 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new()
    {
        Mappings = { [".webmanifest"] = "application/manifest+json", [".mjs"] = "text/javascript" },
    };

    public static IServiceCollection AddWebApp(this IServiceCollection services)
    {
        services.AddOptions<WebAppOptions>().BindConfiguration(WebAppOptions.Section);
        services.AddHostedService<WebAppClientRegistration>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebApp(this IEndpointRouteBuilder routes)
    {
        var folder = BuiltFolder(routes.ServiceProvider);
        var files = folder is not null ? new PhysicalFileProvider(folder) : null;

        routes.MapGet("/app/{**path}", (HttpContext http, string? path) =>
            // The service worker's scope is /app/, so the bare /app would be outside it.
            http.Request.Path.Value == "/app" ? Results.Redirect("/app/") : Serve(http, files, path ?? ""))
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>The folder of the built web library, or null when it is not built.</summary>
    internal static string? BuiltFolder(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var configured = services.GetRequiredService<IOptions<WebAppOptions>>().Value.Path;
        var folder = configured is not null ? System.IO.Path.GetFullPath(configured, environment.ContentRootPath) : FindBuiltApp(environment.ContentRootPath);
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    private static IResult Serve(HttpContext http, PhysicalFileProvider? files, string path)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The service worker keeps the offline copy; the browser's cache revalidates every file (names carry no hash).
        headers.CacheControl = "no-cache";

        var index = files?.GetFileInfo("index.html");
        if (files is null || index is not { Exists: true })
        {
            return Results.Content("""
                <!doctype html><html lang="en"><meta charset="utf-8"><title>PaperNotes web library</title>
                <p>The web library is not built on this server. Run <code>scripts/build-web.sh</code> (or
                <code>scripts/run.sh</code>, which builds it) and restart the server.</p></html>
                """, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var file = path.Length == 0 ? index : files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory)
        {
            // A page the browser navigates to is a route of the app itself (paper ids have dots, so no guessing by
            // extension); a missing script, stylesheet or icon is a 404.
            if (!http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)) return Results.NotFound();
            file = index;
        }
        var contentType = ContentTypes.TryGetContentType(file.Name, out var known) ? known : "application/octet-stream";
        var tag = new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\"");
        return Results.File(file.PhysicalPath!, contentType, lastModified: file.LastModified, entityTag: tag);
    }

    /// <summary><c>web/dist</c> in the content root or a folder above it (<c>dotnet run</c> starts in the project folder).</summary>
    private static string? FindBuiltApp(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "web", "dist");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
