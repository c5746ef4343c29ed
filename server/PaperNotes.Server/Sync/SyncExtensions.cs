using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
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

    /// <summary><c>/hubs/sync</c>: scope <c>api</c>, and a browser <c>Origin</c> must be allowed (else 403).</summary>
    public static IEndpointRouteBuilder MapSync(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<SyncHub>(HubPath)
            .RequireAuthorization(AuthExtensions.ApiPolicy)
            .Add(endpoint =>
            {
                // Wraps both the negotiate and the connect endpoint, so a refused origin never gets a connection.
                var next = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = context =>
                    context.RequestServices.GetRequiredService<SyncOrigins>().Allows(context.Request)
                        ? next(context)
                        : Problems.Forbidden("This origin may not open the sync hub.").ExecuteAsync(context);
            });
        return routes;
    }
}
