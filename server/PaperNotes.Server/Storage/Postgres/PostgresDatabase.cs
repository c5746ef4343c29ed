using Npgsql;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>
/// The process's pool of PostgreSQL connections (<c>ConnectionStrings:Postgres</c>). Reads made while a write runs use
/// that write's transaction, so a write delegate reads what it has written and what its locks protect.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>A connection for one read: the running write's (when called inside one) or a pooled one.</summary>
    public async ValueTask<Lease> OpenAsync(CancellationToken cancellationToken = default) =>
        PostgresWriteContext.Current is { } write
            ? new Lease(write.Connection, write.Transaction, owned: false)
            : new Lease(await DataSource.OpenConnectionAsync(cancellationToken), null, owned: true);

    /// <summary>A connection lent for one read; disposing returns a pooled one to the pool.</summary>
    public readonly struct Lease(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool owned) : IAsyncDisposable
    {
        public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

        public ValueTask DisposeAsync() => owned ? connection.DisposeAsync() : ValueTask.CompletedTask;
    }
}
