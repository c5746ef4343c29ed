using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Sync;

namespace PaperNotes.Server.Api;

/// <summary>
/// Per-client-address limits on what anyone may call without a token: the account pages and <c>/connect</c> together
/// (<c>Auth:RateLimit</c>), and the hub's negotiate request (<c>Sync:NegotiateRateLimit</c>). They run right after
/// forwarded headers, so the address is the client's as a trusted proxy gives it, and before anything reads a form,
/// checks a password, stores an authorization or validates a token.
/// </summary>
internal static class AddressRateLimits
{
    private const string SignIn = "sign-in";
    private const string Negotiate = "negotiate";

    public static WebApplication UseAddressRateLimits(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>();
        var sync = app.Services.GetRequiredService<IOptions<SyncOptions>>();
        var limiter = new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var area = AreaOf(context);
                var limits = area == Negotiate ? sync.Value.NegotiateRateLimit : auth.Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter($"{area} {ClientOf(context)}", _ => limits.FixedWindow());
            }),
            OnRejected = ApiExtensions.AnswerRateLimitedAsync,
        };
        // Only these requests enter the limiter: a hub WebSocket, which keeps every frame it passed through for the
        // life of its connection, goes by without holding a lease.
        app.UseWhen(context => AreaOf(context) is not null, limited => limited.UseRateLimiter(limiter));
        return app;
    }

    private static string? AreaOf(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/account") || path.StartsWithSegments("/connect")) return SignIn;
        return path.StartsWithSegments(SyncExtensions.HubPath + "/negotiate") ? Negotiate : null;
    }

    /// <summary>
    /// The client as rate limits count it: its IPv4 address, or the /64 network of its IPv6 address (one host commonly
    /// holds a whole /64, so counting single IPv6 addresses would count nothing).
    /// </summary>
    internal static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
