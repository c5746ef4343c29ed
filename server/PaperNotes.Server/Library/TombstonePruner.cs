using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>
/// Prunes tombstones older than <see cref="LibraryOptions.TombstoneRetention"/> on a timer, in small commits so that it
/// never holds up the writers for long.
/// </summary>
public sealed class TombstonePruner(
    IDurableWriter writer, ILibraryStore store, IOptions<LibraryOptions> options, TimeProvider time,
    ILogger<TombstonePruner> logger) : PeriodicPruner(options.Value.PruneInterval, time, logger)
{
    private const int PerCommit = 1000;

    protected override string What => "expired tombstones";

    public override async Task<int> PruneNowAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var cutoff = (Time.GetUtcNow() - options.Value.TombstoneRetention).UtcDateTime;
            var pruned = await writer.WriteAsync(context => store.PruneTombstonesAsync(context, cutoff, PerCommit), cancellationToken);
            total += pruned;
            if (pruned < PerCommit) return total;
        }
    }
}
