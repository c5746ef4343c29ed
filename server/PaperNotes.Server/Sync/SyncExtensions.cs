using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Sync;

public static class SyncExtensions
{
    public const string HubPath = "/hubs/sync";

    /// <summary>SignalR (JSON and MessagePack) and the publisher that replaces the default silent one.</summary>
    public static IServiceCollection AddSync(this IServiceCollection services)
    {
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section)
            .Validate(o => o.KeepAliveInterval > TimeSpan.Zero && o.KeepAliveInterval < TimeSpan.FromSeconds(30),
                "Sync:KeepAliveInterval must be under 30 s (Manifest V3 service workers stop after 30 s of silence).")
            .Validate(o => o.NegotiateRateLimit.IsValid, "Sync:NegotiateRateLimit:PermitLimit and :Window must be positive.")
            .ValidateOnStart();
        services.AddSignalR().AddMessagePackProtocol();
        services.AddOptions<HubOptions>().Configure<IOptions<SyncOptions>>((hub, sync) =>
        {
            hub.KeepAliveInterval = sync.Value.KeepAliveInterval;
            hub.ClientTimeoutInterval = 3 * sync.Value.KeepAliveInterval;
        });
        services.AddSingleton<SyncOrigins>();
        services.AddSingleton<LibrarySubscriptions>();
        services.AddSingleton<HubLibraryChangePublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<HubLibraryChangePublisher>());
        services.AddSingleton<ILibraryChangePublisher>(sp => sp.GetRequiredService<HubLibraryChangePublisher>());
        return services;
    }

    /// <summary>
    /// <c>/hubs/sync</c> on a branch of its own, behind <see cref="SyncHubGate"/> (the origin, then scope <c>api</c>):
    /// its WebSocket requests outlive everything the rest of the pipeline would leave on them.
    /// </summary>
    public static IApplicationBuilder UseSyncHub(this IApplicationBuilder app) =>
        app.MapWhen(context => context.Request.Path.StartsWithSegments(HubPath), hub => hub
            // A WebSocket request keeps every middleware frame it passed through for the life of its connection, and
            // the CORS middleware opens the request's DI scope: the handshake goes straight to the gate, which answers
            // its own refusals. Browsers apply CORS to the negotiate request, not to a WebSocket handshake (which
            // SyncOrigins guards).
            .UseWhen(context => !IsWebSocketHandshake(context), negotiate => negotiate
                .UseExceptionHandler()
                .UseStatusCodePages()
                .UseCors())
            .UseMiddleware<SyncHubGate>()
            .UseRouting()
            .UseEndpoints(endpoints => endpoints.MapHub<SyncHub>(HubPath,
                // The gate passes on the token's expiry; IConnectionRevocations also ends it on revocation.
                options => options.CloseOnAuthenticationExpiration = true)));

    private static bool IsWebSocketHandshake(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
}
