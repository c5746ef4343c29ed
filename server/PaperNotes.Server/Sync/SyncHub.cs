using Microsoft.AspNetCore.SignalR;
using PaperNotes.Server.Auth;
using PaperNotes.Sync.Protocol;

namespace PaperNotes.Server.Sync;

/// <summary>
/// <c>/hubs/sync</c>. Thin on purpose: it only puts each connection in its libraries' groups; the pushes come from
/// <see cref="HubLibraryChangePublisher"/> after each durable commit. Only callers <see cref="SyncHubGate"/> admits
/// reach it, with a principal that holds their user id.
/// </summary>
internal sealed class SyncHub(LibrarySubscriptions subscriptions) : Hub<ISyncClient>
{
    public override Task OnConnectedAsync() =>
        subscriptions.ConnectAsync(Context.User!.UserId(), Context.ConnectionId, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception) =>
        subscriptions.DisconnectAsync(Context.User!.UserId(), Context.ConnectionId);

    /// <summary>
    /// The libraries this connection gets pushes for. SignalR completes the handshake before
    /// <see cref="OnConnectedAsync"/> has joined the groups, but runs invocations only after it: a client calls this
    /// first, then pulls these libraries, and so cannot miss a commit in between.
    /// </summary>
    public Task<string[]> Subscriptions() =>
        subscriptions.LibrariesOfAsync(Context.User!.UserId(), Context.ConnectionId);
}
