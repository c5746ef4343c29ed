using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Library;
using PaperNotes.Sync.Protocol;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace PaperNotes.Server.Sync;

/// <summary>
/// Pushes each durable commit to its library's group. <see cref="Published"/> runs on the storage writer thread, so it
/// only enqueues; one consumer sends in queue order, which keeps every library's pushes in version order and places
/// membership refreshes between the commits they followed.
/// </summary>
internal sealed class HubLibraryChangePublisher(
    IHubContext<SyncHub, ISyncClient> hub,
    IServiceProvider services,
    IOptions<SyncOptions> options,
    IOptions<HttpJsonOptions> json,
    ILogger<HubLibraryChangePublisher> logger,
    Observability.PaperNotesMetrics metrics) : BackgroundService, ILibraryChangePublisher
{
    private readonly Channel<object> _outbox = Channel.CreateUnbounded<object>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    public void Published(LibraryChanged change) => _outbox.Writer.TryWrite(change);

    public void LibrariesChanged(string userId) => _outbox.Writer.TryWrite(new MembershipChanged(userId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not injected: subscriptions read the library directory, whose store needs this publisher.
        var subscriptions = services.GetRequiredService<LibrarySubscriptions>();
        WarmUpProtocols();
        await foreach (var item in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (item is LibraryChanged change)
                {
                    await hub.Clients.Group(LibrarySubscriptions.GroupOf(change.LibraryId)).Changed(ToMessage(change));
                    metrics.Pushed();
                }
                else if (item is MembershipChanged membership)
                    await subscriptions.RefreshAsync(membership.UserId, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A lost push costs latency, not data: the client's next gap or reconnect makes it pull.
                logger.LogError(ex, "Live push failed");
            }
        }
    }

    /// <summary>
    /// The first MessagePack serialisation of a message type builds its formatters (about half a second); pay that at
    /// start-up rather than on the first push, which would hold up every push queued behind it.
    /// </summary>
    private void WarmUpProtocols()
    {
        var sample = ToMessage(new LibraryChanged("warm-up", 0, 1,
            [new ChangeEntry("item", "2401.00001", 1, false, new { status = "new", tags = new[] { "warm-up" } })]));
        foreach (var protocol in services.GetServices<IHubProtocol>())
            protocol.GetMessageBytes(new InvocationMessage(nameof(ISyncClient.Changed), [sample]));
    }

    /// <summary>
    /// Turns each object into the JSON tree the REST API shows (same serializer options), as plain dictionaries and
    /// lists so that MessagePack carries the same field names as JSON.
    /// </summary>
    private SyncChanged ToMessage(LibraryChanged change)
    {
        var limits = options.Value;
        if (change.Changes.Count > limits.MaxInlineChanges) return new(change.LibraryId, change.PreviousVersion, change.Version, Array.Empty<SyncChange>());
        var serializer = json.Value.SerializerOptions;
        var changes = new List<SyncChange>(change.Changes.Count);
        long bytes = 0;
        foreach (var entry in change.Changes)
        {
            object? data = null;
            if (entry.Data is not null)
            {
                var utf8 = JsonSerializer.SerializeToUtf8Bytes(entry.Data, entry.Data.GetType(), serializer);
                bytes += utf8.Length;
                if (bytes > limits.MaxInlineBytes) return new(change.LibraryId, change.PreviousVersion, change.Version, Array.Empty<SyncChange>());
                using var document = JsonDocument.Parse(utf8);
                data = PlainTree(document.RootElement);
            }
            changes.Add(new SyncChange(entry.Kind, entry.Key, entry.Version, entry.Deleted, data));
        }
        return new(change.LibraryId, change.PreviousVersion, change.Version, changes);
    }

    private static object? PlainTree(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => PlainTree(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(PlainTree).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? integer : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public override void Dispose()
    {
        _outbox.Writer.TryComplete();
        base.Dispose();
    }

    private sealed record MembershipChanged(string UserId);
}
