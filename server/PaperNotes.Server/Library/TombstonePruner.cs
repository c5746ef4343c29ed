using Microsoft.Extensions.Options;
using PaperNotes.Server.Api;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>How long deletions stay in the change feed (<c>Library</c> section).</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>Tombstones older than this are pruned; clients that last synced before them get 410 and resync.</summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the pruner runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Creates the store's indexes before the app serves, then prunes expired tombstones and idempotency records on a timer,
/// in small commits so that it never holds up the writers for long.
/// </summary>
public sealed class TombstonePruner(
    IDurableWriter writer, ILibraryStore store, IdempotencyStore idempotency, IOptions<LibraryOptions> options,
    TimeProvider time, ILogger<TombstonePruner> logger) : BackgroundService
{
    private const int PerCommit = 1000;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await writer.WriteAsync(context => { LiteDbLibraryStore.EnsureIndexes(context.Database); return true; }, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Prunes everything that has expired now; answers how many tombstones went.</summary>
    public async Task<int> PruneNowAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var cutoff = (time.GetUtcNow() - options.Value.TombstoneRetention).UtcDateTime;
            var pruned = await writer.WriteAsync(context => store.PruneTombstones(context, cutoff, PerCommit), cancellationToken);
            total += pruned;
            if (pruned < PerCommit) break;
        }
        await writer.WriteAsync(context => idempotency.Prune(context.Database), cancellationToken);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                var pruned = await PruneNowAsync(stoppingToken);
                if (pruned > 0) logger.LogInformation("Pruned {Count} expired tombstones", pruned);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Pruning tombstones failed; retrying at the next interval");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
