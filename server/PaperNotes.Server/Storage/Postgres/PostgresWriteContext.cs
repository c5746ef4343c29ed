using Npgsql;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>A write on PostgreSQL: one connection with one open transaction, committed by <see cref="PostgresWriter"/>.</summary>
public sealed class PostgresWriteContext : WriteContext, IAsyncDisposable
{
    private static readonly AsyncLocal<PostgresWriteContext?> Running = new();
    private readonly List<IDisposable> _heldUntilPublished = [];
    private bool _committed;

    private PostgresWriteContext(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The write running on this async flow, so that reads inside it use its transaction.</summary>
    internal static PostgresWriteContext? Current
    {
        get => Running.Value;
        set => Running.Value = value;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    internal static async Task<PostgresWriteContext> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new PostgresWriteContext(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Libraries whose commit order this write holds.</summary>
    internal HashSet<string> HeldLibraries { get; } = [];

    /// <summary>Keeps <paramref name="hold"/> until this write's after-commit actions have run (or it rolled back).</summary>
    internal void HoldUntilPublished(IDisposable hold) => _heldUntilPublished.Add(hold);

    internal async Task CommitAsync()
    {
        // Not cancellable: once the commit is sent, the caller must learn whether it happened.
        await Transaction.CommitAsync(CancellationToken.None);
        _committed = true;
    }

    internal void RunAfterCommitActions(ILogger logger)
    {
        foreach (var action in AfterCommitActions)
        {
            try { action(); }
            catch (Exception ex) { logger.LogError(ex, "An after-commit action failed; the write itself is committed."); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try { await Transaction.RollbackAsync(CancellationToken.None); }
            catch (Exception) { /* the connection is broken; disposing it discards the transaction */ }
        }
        foreach (var hold in _heldUntilPublished) hold.Dispose();
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
