using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Sync;

/// <summary>
/// Which hub connections each user has and which library groups each one is in. A user's connects and membership
/// changes run one at a time under that user's gate, and each re-reads <see cref="ILibraryDirectory"/>, so a
/// connection can never keep a group its user just lost, nor miss one just gained.
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
            var libraries = directory.ReadableLibraryIds(userId);
            foreach (var library in libraries)
                await hub.Groups.AddToGroupAsync(connectionId, GroupOf(library), cancellationToken);
            user.Libraries[connectionId] = [.. libraries];
        }
        finally { user.Gate.Release(); }
    }

    /// <summary>Forgets a closed connection; SignalR itself drops it from its groups.</summary>
    public async Task DisconnectAsync(string userId, string connectionId)
    {
        if (!_users.TryGetValue(userId, out var user)) return;
        await user.Gate.WaitAsync();
        try { user.Libraries.Remove(connectionId); }
        finally { user.Gate.Release(); }
    }

    /// <summary>The libraries <paramref name="connectionId"/> receives pushes for.</summary>
    public async Task<string[]> LibrariesOfAsync(string userId, string connectionId)
    {
        if (!_users.TryGetValue(userId, out var user)) return [];
        await user.Gate.WaitAsync();
        // An array, not a collection expression's hidden list type, which MessagePack cannot serialize.
        try { return user.Libraries.TryGetValue(connectionId, out var libraries) ? libraries.ToArray() : []; }
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
            var readable = directory.ReadableLibraryIds(userId).ToHashSet();
            foreach (var (connectionId, joined) in user.Libraries)
            {
                foreach (var gained in readable.Except(joined))
                    await hub.Groups.AddToGroupAsync(connectionId, GroupOf(gained), cancellationToken);
                foreach (var lost in joined.Except(readable))
                    await hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(lost), cancellationToken);
                joined.Clear();
                joined.UnionWith(readable);
            }
            connections = [.. user.Libraries.Keys];
        }
        finally { user.Gate.Release(); }
        if (connections.Count > 0) await hub.Clients.Clients(connections).LibrariesChanged();
    }

    private sealed class UserConnections
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, HashSet<string>> Libraries { get; } = [];
    }
}
