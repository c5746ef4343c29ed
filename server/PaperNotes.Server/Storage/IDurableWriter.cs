namespace PaperNotes.Server.Storage;

/// <summary>
/// The only way to change the store. On LiteDB a write runs on the single writer thread inside a transaction shared
/// with the other writes pending at that moment (group commit); on PostgreSQL it is its own transaction. Either way its
/// task completes only once the transaction is durable.
/// </summary>
public interface IDurableWriter
{
    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and answers its result once it is durable. A write that throws is
    /// rolled back alone and the exception reaches this caller; a write may run more than once before it commits (a
    /// group that failed, a race lost on PostgreSQL), so it must re-check what it relies on and keep its effects inside
    /// the store. Expected outcomes (a stale version, say) should be returned, not thrown.
    /// </summary>
    Task<T> WriteAsync<T>(Func<WriteContext, Task<T>> write, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a write sees: the engine's transaction, which only that engine's stores open (features pass it along), and a
/// place to leave work for after the commit is durable.
/// </summary>
public abstract class WriteContext
{
    private readonly List<Action> _afterCommit = [];

    /// <summary>
    /// Runs <paramref name="action"/> after this write's commit is durable, in commit order for each library (so pushes
    /// of one library leave in version order). Keep it short: it delays the next commit of that library.
    /// </summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    internal IReadOnlyList<Action> AfterCommitActions => _afterCommit;
}

/// <summary>
/// The engine's start-up step, first of the hosted services: LiteDB's indexes, PostgreSQL's schema migrations. Also
/// run by an admin command that opens the store itself, since it starts no hosted service. Idempotent.
/// </summary>
public interface IStoreSchema : IHostedService
{
    Task PrepareAsync(CancellationToken cancellationToken);
}
