using Microsoft.AspNetCore.SignalR;

namespace PaperNotes.Server.Observability;

/// <summary>Counts open hub connections from outside the hub, so the hub stays as thin as it is.</summary>
internal sealed class SyncConnectionsHubFilter(PaperNotesMetrics metrics) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        // Counted only once connected: a refused connection never reaches OnDisconnectedAsync.
        metrics.SyncConnected();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        metrics.SyncDisconnected();
        await next(context, exception);
    }
}
