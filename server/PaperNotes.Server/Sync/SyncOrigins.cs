using PaperNotes.Server.Auth.Cors;

namespace PaperNotes.Server.Sync;

/// <summary>
/// Browsers send <c>Origin</c> on the negotiate request and the WebSocket upgrade, and the upgrade is not covered by
/// CORS: without this check any web page could open the hub with a token it tricked out of the user. Allowed: the
/// server's own origin and the origins CORS allows (the extension's). No <c>Origin</c> at all is a non-browser
/// client: allowed.
/// </summary>
internal sealed class SyncOrigins(IAllowedOrigins allowedOrigins)
{
    public bool Allows(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || allowedOrigins.IsAllowed(origin)
            || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
