using System.Buffers;
using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using PaperNotes.Sync.Protocol;

namespace PaperNotes.SyncClient;

/// <summary>Tuning of a <see cref="DeviceSync"/>.</summary>
public sealed class DeviceSyncOptions
{
    /// <summary>Longest wait between two reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>limit</c> of each change-feed request.</summary>
    public int PullPageSize { get; set; } = 5000;
}

/// <summary>
/// One device's live replica of the libraries its user may read (SPEC §5): connect to <c>/hubs/sync</c>, ask the hub
/// which libraries it pushes, pull each one's <c>changes?since=</c>, then apply pushes. Versions only promise to
/// increase, so a push applies only when its <c>previousVersion</c> is the version held; an older push is ignored,
/// and any other (a gap, pushes out of order) or an empty one makes it pull. Every (re)connect pulls everything, so
/// nothing is lost across disconnects and server restarts.
/// </summary>
public sealed class DeviceSync : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _api;
    private readonly HubConnection _hub;
    private readonly DeviceSyncOptions _options;
    private readonly ReconnectBackoff _backoff;
    // All replica changes happen on one loop fed by this queue; other threads only read snapshots under _gate.
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LibraryReplica> _libraries = [];
    private readonly List<(string LibraryId, long Version, TaskCompletionSource Reached)> _waiters = [];
    private readonly CancellationTokenSource _disposed = new();
    private Task? _loop;
    private volatile bool _running;

    /// <param name="api">Signed-in client for the REST API; its base address is the server's root.</param>
    /// <param name="hub">A builder for <c>/hubs/sync</c> with its URL, credentials and protocol set.</param>
    public DeviceSync(HttpClient api, IHubConnectionBuilder hub, DeviceSyncOptions? options = null)
    {
        _api = api;
        _options = options ?? new DeviceSyncOptions();
        _backoff = new ReconnectBackoff(_options.MaxReconnectDelay);
        _hub = hub.WithAutomaticReconnect(_backoff).Build();
        _hub.On<SyncChanged>(nameof(ISyncClient.Changed), push => _work.Writer.TryWrite(new Work.Push(push)));
        _hub.On(nameof(ISyncClient.LibrariesChanged), () => _work.Writer.TryWrite(new Work.Resync()));
        _hub.Reconnected += _ => Enqueue(new Work.Resync());
        _hub.Closed += OnClosed;
    }

    /// <summary>Raised on the sync loop after a push or pull was applied to a library.</summary>
    public event Action<LibraryUpdate>? Updated;

    /// <summary>Raised when a pull or a connection attempt failed; the client retries by itself.</summary>
    public event Action<Exception>? Faulted;

    public HubConnectionState State => _hub.State;

    /// <summary>Pushes applied inline and pulls made, for tests and benchmarks.</summary>
    public long PushesApplied { get; private set; }

    public long Pulls { get; private set; }

    /// <summary>The libraries held, with their versions.</summary>
    public IReadOnlyDictionary<string, long> Versions
    {
        get { lock (_gate) return _libraries.ToDictionary(l => l.Key, l => l.Value.Version); }
    }

    /// <summary>A copy of one library, or null when this device does not hold it.</summary>
    public LibrarySnapshot? Library(string libraryId)
    {
        lock (_gate) return _libraries.TryGetValue(libraryId, out var replica) ? replica.Snapshot() : null;
    }

    /// <summary>Connects (retrying with backoff until it works or is cancelled) and starts syncing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _running = true;
        _loop ??= Task.Run(RunLoopAsync);
        await ConnectAsync(cancellationToken);
    }

    /// <summary>Disconnects like a device going offline; the replica is kept, <see cref="StartAsync"/> resumes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _running = false;
        await _hub.StopAsync(cancellationToken);
    }

    /// <summary>Completes once this device holds <paramref name="libraryId"/> at <paramref name="version"/> or later.</summary>
    public Task WaitForVersionAsync(string libraryId, long version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_libraries.TryGetValue(libraryId, out var replica) && replica.Version >= version) return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((libraryId, version, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0L; ; attempt++)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            try
            {
                await Task.Delay(_backoff.Delay(attempt), linked.Token);
                if (_hub.State == HubConnectionState.Disconnected) await _hub.StartAsync(linked.Token);
                await Enqueue(new Work.Resync());
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && _running)
            {
                Faulted?.Invoke(ex);
            }
        }
    }

    private Task OnClosed(Exception? error)
    {
        // Automatic reconnection never gives up, so this is a stop, or a close the server asked for: come back.
        if (_running && !_disposed.IsCancellationRequested) _ = Task.Run(() => ConnectAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    private Task Enqueue(Work work)
    {
        _work.Writer.TryWrite(work);
        return Task.CompletedTask;
    }

    private async Task RunLoopAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                switch (work)
                {
                    case Work.Resync: await ResyncAsync(); break;
                    case Work.Push push: await ApplyAsync(push.Changes); break;
                }
            }
            catch (Exception ex) when (!_disposed.IsCancellationRequested)
            {
                Faulted?.Invoke(ex);
                // A failed pull leaves a library behind while connected: try the whole resync again shortly.
                if (_hub.State == HubConnectionState.Connected) _ = RetryResyncLaterAsync();
            }
        }
    }

    private async Task RetryResyncLaterAsync()
    {
        await Task.Delay(_backoff.Delay(1) + TimeSpan.FromMilliseconds(250));
        await Enqueue(new Work.Resync());
    }

    /// <summary>After (re)connecting or a membership change: learn the pushed libraries, drop lost ones, pull all.</summary>
    private async Task ResyncAsync()
    {
        if (_hub.State != HubConnectionState.Connected) return;
        var subscribed = await _hub.InvokeAsync<string[]>(SyncHubMethods.Subscriptions, _disposed.Token);
        List<LibraryReplica> replicas;
        lock (_gate)
        {
            foreach (var lost in _libraries.Keys.Except(subscribed).ToList()) _libraries.Remove(lost);
            foreach (var gained in subscribed.Where(id => !_libraries.ContainsKey(id)))
                _libraries[gained] = new LibraryReplica(gained);
            replicas = [.. _libraries.Values];
        }
        foreach (var replica in replicas) await PullAsync(replica);
    }

    private async Task ApplyAsync(SyncChanged push)
    {
        LibraryReplica? replica;
        lock (_gate) _libraries.TryGetValue(push.LibraryId, out replica);
        // A library not held yet arrives with LibrariesChanged, which pulls it; an old version is already applied.
        if (replica is null || push.Version <= replica.Version) return;
        // Only the server knows whether a commit came in between: it says which version this push follows. A commit
        // may raise the version by more than one, so no arithmetic on versions can tell.
        if (push.Changes.Count == 0 || push.PreviousVersion != replica.Version)
        {
            await PullAsync(replica);
            return;
        }
        lock (_gate)
        {
            foreach (var change in push.Changes)
                replica.Apply(change.Kind, change.Key, change.Version, change.Deleted, ToJson(change.Data));
            replica.Version = push.Version;
        }
        PushesApplied++;
        Reached(replica, new LibraryUpdate(replica.LibraryId, push.Version, push.Changes.Count, UpdateSource.Push));
    }

    private async Task PullAsync(LibraryReplica replica)
    {
        Pulls++;
        var applied = 0;
        while (true)
        {
            var since = replica.Version;
            using var response = await _api.GetAsync(
                $"api/libraries/{Uri.EscapeDataString(replica.LibraryId)}/changes?since={since}&limit={_options.PullPageSize}",
                _disposed.Token);
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                // The server no longer keeps tombstones that old: start this library over.
                lock (_gate) replica.Reset();
                continue;
            }
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<ChangeFeedPage>(Json, _disposed.Token)
                ?? throw new InvalidDataException("Empty change feed response.");
            lock (_gate)
            {
                foreach (var entry in page.Changes)
                    replica.Apply(entry.Kind, entry.Key, entry.Version, entry.Deleted, ToJson(entry.Data));
                // The page's version is a safe next since (the server promises it), whether or not more follow.
                replica.Version = Math.Max(replica.Version, page.Version);
            }
            applied += page.Changes.Count;
            if (!page.More) break;
        }
        Reached(replica, new LibraryUpdate(replica.LibraryId, replica.Version, applied, UpdateSource.Pull));
    }

    private void Reached(LibraryReplica replica, LibraryUpdate update)
    {
        lock (_gate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.LibraryId != replica.LibraryId || waiter.Version > replica.Version) continue;
                waiter.Reached.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
        Updated?.Invoke(update);
    }

    /// <summary>Pushed data as JSON: a JsonElement under the JSON protocol, a dictionary tree under MessagePack.</summary>
    private static JsonElement? ToJson(object? data)
    {
        if (data is null) return null;
        if (data is JsonElement element) return element.Clone();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, data);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case float or double or decimal: writer.WriteNumberValue(Convert.ToDouble(value)); break;
            case sbyte or byte or short or ushort or int or uint or long: writer.WriteNumberValue(Convert.ToInt64(value)); break;
            case ulong large: writer.WriteNumberValue(large); break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry pair in map)
                {
                    writer.WritePropertyName(Convert.ToString(pair.Key)!);
                    Write(writer, pair.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new InvalidDataException($"Unexpected pushed value of type {value.GetType()}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _running = false;
        _disposed.Cancel();
        _work.Writer.TryComplete();
        await _hub.DisposeAsync();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            foreach (var waiter in _waiters) waiter.Reached.TrySetCanceled();
            _waiters.Clear();
        }
        _disposed.Dispose();
    }

    private abstract record Work
    {
        public sealed record Resync : Work;

        public sealed record Push(SyncChanged Changes) : Work;
    }
}
