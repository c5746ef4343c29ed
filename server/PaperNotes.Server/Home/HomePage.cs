using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Storage;
using PaperNotes.Server.WebApp;

namespace PaperNotes.Server.Home;

/// <summary>
/// What someone who just started the server meets: a page at <c>/</c> saying what this is and what to do next (load
/// the extension, create an account, sign in from the extension), and the same directions on the console at start.
/// </summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext http, IOptions<AuthOptions> auth) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
            var webApp = WebAppExtensions.BuiltFolder(http.RequestServices) is not null;
            return TypedResults.Content(Render(origin, ExtensionIds(auth.Value), webApp), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return routes;
    }

    /// <summary>
    /// Prints, once the server listens, where its data is and which addresses to open: the first thing a person who
    /// ran <c>scripts/run.sh</c> needs, in plain lines rather than structured logs.
    /// </summary>
    public static void PrintDirectionsWhenStarted(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            // Hosted in tests (no real listener), there is nobody to tell.
            if (addresses is null || addresses.Count == 0) return;
            // On PostgreSQL there is no data folder to show: the data is in the database.
            var folder = app.Services.GetService<Storage.LiteDb.PaperNotesDatabase>()?.Folder ?? "PostgreSQL (ConnectionStrings:Postgres)";
            var first = addresses.First().TrimEnd('/');
            Console.Out.WriteLine($"""
                PaperNotes is running.
                  Start here:    {first}/
                  API reference: {first}/docs
                  Web library:   {first}/app/
                  Data folder:   {folder}
                """);
        });
    }

    /// <summary>The ids of the extensions this server lets sign in, from their redirect URIs (<c>https://ID.chromiumapp.org/</c>).</summary>
    internal static IReadOnlyList<string> ExtensionIds(AuthOptions options) =>
        [.. options.ExtensionRedirectUris
            .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.Host : "")
            .Where(host => host.EndsWith(".chromiumapp.org", StringComparison.Ordinal))
            .Select(host => host[..^".chromiumapp.org".Length])];

    private static string Render(string origin, IReadOnlyList<string> extensionIds, bool webApp)
    {
        var encodedOrigin = WebUtility.HtmlEncode(origin);
        var ids = extensionIds.Count == 0
            ? "<p>No extension is allowed to sign in yet: set <code>Auth__ExtensionRedirectUris__0</code> (see the README).</p>"
            : $"<p>Extension id{(extensionIds.Count == 1 ? "" : "s")} allowed to sign in: {string.Join(", ", extensionIds.Select(id => $"<code>{WebUtility.HtmlEncode(id)}</code>"))}.</p>";
        var web = webApp
            ? """<li><a href="/app/">The web library</a>: your papers and notes on any device, also offline.</li>"""
            : "<li>The web library is not built on this server (<code>scripts/build-web.sh</code> builds it).</li>";
        return $$$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>PaperNotes</title>
            <style>
            body{font:16px/1.55 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
            main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #ccc;border-radius:8px;overflow-wrap:anywhere}
            h1{margin-top:0}
            code{background:#eef0f3;padding:0 .25rem;border-radius:4px}
            a{color:#1f5fbf}
            ol>li{margin-bottom:.75rem}
            .button{display:inline-block;padding:.45rem .9rem;border-radius:4px;background:#1f5fbf;color:#fff;text-decoration:none;margin-right:.5rem}
            :focus-visible{outline:3px solid #f0a000;outline-offset:2px}
            @media (prefers-color-scheme: dark){body{background:#111318;color:#e8e8e6}main{background:#1b1e24;border-color:#444}code{background:#2a2f38}a{color:#8ab4ff}}
            @media (max-width:30rem){main{margin:0;border-radius:0;border-width:0}}
            </style>
            </head>
            <body><main>
            <h1>PaperNotes</h1>
            <p>Highlights, notes, reading status and shared collections for papers on
            <a href="https://huggingface.co/papers">Hugging Face Papers</a>, kept on this server and synced between your browsers.</p>
            <h2>Get started</h2>
            <ol>
            <li><strong>Create an account</strong> on this server.<br>
            <a class="button" href="/account/register">Register</a> <a href="/account/login">or sign in</a></li>
            <li><strong>Load the extension</strong> in Chrome or Chromium: open <code>chrome://extensions</code>, switch on
            Developer mode, choose <em>Load unpacked</em> and pick the <code>extension/dist</code> folder of the repository
            (<code>scripts/build-extension.sh</code> builds it).
            {{{ids}}}</li>
            <li><strong>Sign in from the extension</strong>: open its options (right-click its icon → Options), enter this
            server's address <code>{{{encodedOrigin}}}</code> and choose Sign in.</li>
            <li>Open <a href="https://huggingface.co/papers/trending">Hugging Face Papers</a>: each paper gets Clip, a reading
            status, tags and collections; select text to highlight it.</li>
            </ol>
            <h2>More</h2>
            <ul>
            {{{web}}}
            <li><a href="/docs">The API reference</a> (<a href="/openapi/v1.json">OpenAPI document</a>).</li>
            <li><a href="/account">Your account</a>.</li>
            </ul>
            </main></body>
            </html>
            """;
    }
}
