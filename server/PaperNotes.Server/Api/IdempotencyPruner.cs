using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Api;

/// <summary>Forgets idempotent responses once <see cref="ApiOptions.IdempotencyWindow"/> has passed, every hour.</summary>
public sealed class IdempotencyPruner(IDurableWriter writer, IdempotencyStore idempotency, TimeProvider time,
    ILogger<IdempotencyPruner> logger) : PeriodicPruner(Interval, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override string What => "expired idempotency records";

    public override Task<int> PruneNowAsync(CancellationToken cancellationToken = default) =>
        writer.WriteAsync(idempotency.PruneAsync, cancellationToken);
}
