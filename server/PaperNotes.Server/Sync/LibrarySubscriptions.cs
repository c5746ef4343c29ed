using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using PaperNotes.Server.Library;
using PaperNotes.Sync.Protocol;

namespace PaperNotes.Server.Sync;

/// <summary>
/// Which hub connections each user has and which library groups they are in. A user's connects and membership
/// changes run one at a time under that user's gate, and each re-reads <see cref="ILibraryDirectory"/>, so a
/// connection can never keep a group its user just lost, nor miss one just gained. All of a user's connections are
/// in the same groups, so the set is kept once per user, not once per connection (thousands of them stay open).
/// </summary>
internal sealed class LibrarySubscriptions(IHubContext<SyncHub, ISyncClient> hub, ILibraryDirectory directory)
{
    // Entries are kept after a user's last connection closes: one small object per user who ever connected.
    private readonly ConcurrentDictionary<string, UserConnections> _users = new();

    public static string GroupOf(string libraryId) => "library:" + libraryId;

    /// <summary>Joins <paramref name="connectionId"/> to every library its user may read.</summary>
    public async Task ConnectAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        var user = _users.GetOrAdd(userId, _ => new UserConnections());
        await user.Gate.WaitAsync(cancellationToken);
        try
        {
            // A membership change may not have reached the user's other connections yet: they catch up first, and
            // learn of it from the refresh that change brings.
            await ReconcileAsync(user, await directory.ReadableLibraryIdsAsync(userId, cancellationToken), cancellationToken);
            foreach (var library in user.Libraries)
                await hub.Groups.AddToGroupAsync(connectionId, GroupOf(library), cancellationToken);
            user.Connections.Add(connectionId);
        }
        finally { user.Gate.Release(); }
    }

    /// <summary>Forgets a closed connection; SignalR itself drops it from its groups.</summary>
    public async Task DisconnectAsync(string userId, string connectionId)
    {
        if (!_users.TryGetValue(userId, out var user)) return;
        await user.Gate.WaitAsync();
        try { user.Connections.Remove(connectionId); }
        finally { user.Gate.Release(); }
    }

    /// <summary>The libraries <paramref name="connectionId"/> receives pushes for.</summary>
    public async Task<string[]> LibrariesOfAsync(string userId, string connectionId)
    {
        if (!_users.TryGetValue(userId, out var user)) return [];
        await user.Gate.WaitAsync();
        // An array, not a collection expression's hidden list type, which MessagePack cannot serialize.
        try { return user.Connections.Contains(connectionId) ? user.Libraries.ToArray() : []; }
        finally { user.Gate.Release(); }
    }

    /// <summary>
    /// Brings the groups of every connection of <paramref name="userId"/> up to date with the directory and tells
    /// those connections, which then pull the libraries they gained.
    /// </summary>
    public async Task RefreshAsync(string userId, CancellationToken cancellationToken)
    {
        if (!_users.TryGetValue(userId, out var user)) return;
        List<string> connections;
        await user.Gate.WaitAsync(cancellationToken);
        try
        {
            await ReconcileAsync(user, await directory.ReadableLibraryIdsAsync(userId, cancellationToken), cancellationToken);
            connections = [.. user.Connections];
        }
        finally { user.Gate.Release(); }
        if (connections.Count > 0) await hub.Clients.Clients(connections).LibrariesChanged();
    }

    /// <summary>Moves every connection of <paramref name="user"/> into exactly the groups of <paramref name="readable"/>.</summary>
    private async Task ReconcileAsync(UserConnections user, IReadOnlyList<string> readable, CancellationToken cancellationToken)
    {
        var gained = readable.Except(user.Libraries).ToList();
        var lost = user.Libraries.Except(readable).ToList();
        foreach (var connectionId in user.Connections)
        {
            foreach (var library in gained)
                await hub.Groups.AddToGroupAsync(connectionId, GroupOf(library), cancellationToken);
            foreach (var library in lost)
                await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(library), cancellationToken);
        }
        user.Libraries.UnionWith(gained);
        user.Libraries.ExceptWith(lost);
    }

    /// <summary>A user's open connections, all of them in the groups of <see cref="Libraries"/> (kept so under <see cref="Gate"/>).</summary>
    private sealed class UserConnections
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public HashSet<string> Connections { get; } = [];

        public HashSet<string> Libraries { get; } = [];
    }
}
