using LiteDB;

namespace PaperNotes.Server.Storage;

/// <summary>
/// The only way to change the store. A write runs on the single writer thread inside a transaction shared with the
/// other writes pending at that moment (group commit); its task completes only once that transaction is on the device.
/// </summary>
public interface IDurableWriter
{
    /// <summary>
    /// Runs <paramref name="write"/> in the next group commit and answers its result once it is durable.
    /// A write that throws is rolled back alone: the others of its group still commit, and the exception reaches
    /// this caller. Expected outcomes (a stale version, say) should be returned, not thrown.
    /// </summary>
    Task<T> WriteAsync<T>(Func<WriteContext, T> write, CancellationToken cancellationToken = default);
}

/// <summary>What a write sees: the database, and a place to leave work for after the commit is durable.</summary>
public sealed class WriteContext(ILiteDatabase database)
{
    private readonly List<Action> _afterCommit = [];

    public ILiteDatabase Database { get; } = database;

    /// <summary>
    /// Runs <paramref name="action"/> after this write's commit is on the device, on the writer thread and in commit
    /// order (so pushes of one library leave in version order). Keep it short: it delays the next group.
    /// </summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    internal IReadOnlyList<Action> AfterCommitActions => _afterCommit;
}
