namespace PaperNotes.Server.Storage;

/// <summary>
/// Runs <see cref="PruneNowAsync"/> at start and then every <paramref name="interval"/>; a failed round is logged and
/// retried at the next tick, so one bad round never stops pruning for good.
/// </summary>
public abstract class PeriodicPruner(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The app's clock, which decides what has expired.</summary>
    protected TimeProvider Time => time;

    /// <summary>What is pruned, for the log ("expired tombstones").</summary>
    protected abstract string What { get; }

    /// <summary>Prunes everything that has expired now; answers how many entries went.</summary>
    public abstract Task<int> PruneNowAsync(CancellationToken cancellationToken = default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        do
        {
            try
            {
                var pruned = await PruneNowAsync(stoppingToken);
                if (pruned > 0) logger.LogInformation("Pruned {Count} {What}", pruned, What);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Pruning {What} failed; retrying at the next interval", What);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
