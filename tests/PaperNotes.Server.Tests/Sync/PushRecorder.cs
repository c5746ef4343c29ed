using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Sync.Protocol;

namespace PaperNotes.Server.Tests.Sync;

/// <summary>A bare hub connection that records every <c>Changed</c> push, to check what the hub itself sends.</summary>
internal sealed class PushRecorder : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<SyncChanged> _pushes = [];
    private readonly List<(string LibraryId, long Version, TaskCompletionSource Reached)> _waiters = [];

    private PushRecorder(HubConnection connection)
    {
        _connection = connection;
        _connection.On<SyncChanged>("Changed", push =>
        {
            lock (_pushes)
            {
                _pushes.Add(push);
                foreach (var waiter in _waiters.Where(w => w.LibraryId == push.LibraryId && w.Version <= push.Version))
                    waiter.Reached.TrySetResult();
            }
        });
    }

    /// <summary>The libraries the hub pushes to this connection.</summary>
    public IReadOnlyList<string> Subscriptions { get; private set; } = [];

    /// <summary>Connects and waits until the hub has joined the connection's groups.</summary>
    public static async Task<PushRecorder> ConnectAsync(IHubConnectionBuilder builder, Action<HubConnection>? observe = null)
    {
        var recorder = new PushRecorder(builder.Build());
        observe?.Invoke(recorder._connection);
        await recorder._connection.StartAsync();
        recorder.Subscriptions = await recorder._connection.InvokeAsync<string[]>("Subscriptions");
        return recorder;
    }

    public IReadOnlyList<SyncChanged> Pushes
    {
        get { lock (_pushes) return [.. _pushes]; }
    }

    /// <summary>Every push received once one for <paramref name="libraryId"/> at <paramref name="version"/> arrived.</summary>
    public async Task<IReadOnlyList<SyncChanged>> WaitForVersionAsync(string libraryId, long version)
    {
        Task reached;
        lock (_pushes)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_pushes.Any(p => p.LibraryId == libraryId && p.Version >= version)) waiter.SetResult();
            _waiters.Add((libraryId, version, waiter));
            reached = waiter.Task;
        }
        await reached.WaitAsync(SyncTestTimeouts.Patience);
        return Pushes;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

internal static class SyncTestTimeouts
{
    /// <summary>Longest a test waits for something that should take milliseconds; only hit when it is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
}
