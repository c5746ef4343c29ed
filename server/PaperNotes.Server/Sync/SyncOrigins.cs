namespace PaperNotes.Server.Sync;

/// <summary>
/// Browsers send <c>Origin</c> on the negotiate request and the WebSocket upgrade, and neither is covered by CORS:
/// without this check any web page could open the hub with a token it tricked out of the user. Allowed: the server's
/// own origin and the extension origins, <c>chrome-extension://&lt;id&gt;</c> for each configured
/// <c>https://&lt;id&gt;.chromiumapp.org/</c> redirect URI. No <c>Origin</c> at all is a non-browser client: allowed.
/// </summary>
internal sealed class SyncOrigins
{
    private readonly HashSet<string> _extensionOrigins;

    public SyncOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Auth:ExtensionRedirectUris");
        // An array in appsettings, or one string (environment variable) of URIs separated by ';', ',' or spaces.
        var uris = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        _extensionOrigins = uris.Select(ExtensionOrigin).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<string> ExtensionOrigins => _extensionOrigins;

    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return true;
        return _extensionOrigins.Contains(origin)
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static string? ExtensionOrigin(string redirectUri)
    {
        const string chromeSuffix = ".chromiumapp.org";
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return null;
        return uri.Host.EndsWith(chromeSuffix, StringComparison.OrdinalIgnoreCase)
            ? "chrome-extension://" + uri.Host[..^chromeSuffix.Length]
            : null;
    }
}
