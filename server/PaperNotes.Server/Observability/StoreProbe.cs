using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Observability;

/// <summary>Whether the store answers, for <c>/readyz</c>; one implementation per storage provider.</summary>
public interface IStoreProbe
{
    /// <summary>Completes when the store has answered a query; throws or hangs (the caller times it out) when not.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A read on the LiteDB writer's thread between two commits: it proves the file answers and the one writer is not
/// stuck, without the fsync a probe write would cost every few seconds.
/// </summary>
internal sealed class LiteDbStoreProbe(DurableWriter writer) : IStoreProbe
{
    public Task ProbeAsync(CancellationToken cancellationToken) =>
        writer.RunBetweenCommitsAsync(db => db.GetCollectionNames().Count(), cancellationToken);
}

/// <summary>A <c>SELECT 1</c> on a pooled connection: the server answers and the pool is not exhausted.</summary>
internal sealed class PostgresStoreProbe(PostgresDatabase database) : IStoreProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
