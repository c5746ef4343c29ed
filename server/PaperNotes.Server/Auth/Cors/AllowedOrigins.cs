using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace PaperNotes.Server.Auth.Cors;

/// <summary>
/// Browser origins allowed to call the API, the token endpoints and the hub: the extension's
/// <c>chrome-extension://&lt;id&gt;</c> origin, derived from each <c>https://&lt;id&gt;.chromiumapp.org/</c> in
/// <c>Auth:ExtensionRedirectUris</c>, plus <c>Auth:AllowedOrigins</c>. The hub uses it for its Origin check.
/// </summary>
public interface IAllowedOrigins
{
    /// <summary>True for an allowed origin (exact, ignoring case, as browsers serialise it: no trailing slash).</summary>
    bool IsAllowed(string? origin);
}

internal sealed class ConfiguredOrigins : IAllowedOrigins
{
    private const string ChromiumAppHost = ".chromiumapp.org";

    public ConfiguredOrigins(IOptions<AuthOptions> options)
    {
        var derived = options.Value.ExtensionRedirectUris
            .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : null)
            .Where(uri => uri is { Scheme: "https" } && uri.Host.EndsWith(ChromiumAppHost, StringComparison.OrdinalIgnoreCase))
            .Select(uri => "chrome-extension://" + uri!.Host[..^ChromiumAppHost.Length].ToLowerInvariant());
        _origins = derived.Concat(options.Value.AllowedOrigins.Select(o => o.TrimEnd('/')))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private readonly HashSet<string> _origins;

    public bool IsAllowed(string? origin) => origin is not null && _origins.Contains(origin);
}

/// <summary>
/// CORS for the routes a browser-hosted client calls with a token: <c>/api</c>, <c>/hubs</c>, and the token, revocation
/// and userinfo endpoints. Decided by path because OpenIddict answers <c>/connect/revoke</c> before endpoint routing.
/// The account pages and the authorize endpoint are top-level navigations and get no CORS.
/// </summary>
internal sealed class AllowedOriginsCorsPolicy(IAllowedOrigins origins) : ICorsPolicyProvider
{
    private static readonly string[] CorsPaths = ["/api", "/hubs", "/connect/token", "/connect/revoke", "/connect/userinfo"];

    private readonly CorsPolicy _policy = new CorsPolicyBuilder()
        .SetIsOriginAllowed(origins.IsAllowed)
        .AllowAnyHeader()
        .AllowAnyMethod()
        // The SignalR client sends credentials by default; the API itself reads only bearer tokens.
        .AllowCredentials()
        .WithExposedHeaders("Last-Modified-Version", "Retry-After", "Location", "WWW-Authenticate")
        .SetPreflightMaxAge(TimeSpan.FromHours(1))
        .Build();

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
        Task.FromResult(CorsPaths.Any(p => context.Request.Path.StartsWithSegments(p)) ? _policy : null);
}
