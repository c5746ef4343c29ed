using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Observability;

namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>
/// Group commit: one writer thread takes every write pending at that moment, runs them in one LiteDB transaction,
/// commits, fsyncs the log once (<see cref="PaperNotesDatabase.SyncLog"/>), runs their after-commit actions in order, and
/// only then completes each caller's task. LiteDB transactions belong to a thread, hence the dedicated thread.
/// </summary>
internal sealed class DurableWriter : IDurableWriter, IDisposable
{
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly PaperNotesDatabase _database;
    private readonly ILogger<DurableWriter> _logger;
    private readonly int _maxWritesPerCommit;
    private readonly Thread _thread;
    private readonly PaperNotesMetrics? _metrics;
    private long _commits;

    public DurableWriter(PaperNotesDatabase database, IOptions<StorageOptions> options, ILogger<DurableWriter> logger,
        PaperNotesMetrics? metrics = null)
    {
        _database = database;
        _logger = logger;
        _metrics = metrics;
        _maxWritesPerCommit = Math.Max(1, options.Value.MaxWritesPerCommit);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "PaperNotes durable writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed so far (each is one fsync of the log).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public Task<T> WriteAsync<T>(Func<WriteContext, Task<T>> write, CancellationToken cancellationToken = default)
    {
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(DurableWriter), "The store is shutting down.");
        return pending.Task;
    }

    /// <summary>
    /// Runs <paramref name="job"/> on the writer thread after every write queued before it has committed and before
    /// any queued after it starts: no transaction is open, so the files hold exactly the acknowledged commits (a
    /// backup copies them then). Writes wait while it runs, so keep it short.
    /// </summary>
    public Task<T> RunBetweenCommitsAsync<T>(Func<LiteDB.ILiteDatabase, T> job, CancellationToken cancellationToken = default)
    {
        var pending = new BetweenCommits<T>(job, cancellationToken);
        if (!_pending.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(DurableWriter), "The store is shutting down.");
        return pending.Task;
    }

    private void RunLoop()
    {
        var reader = _pending.Reader;
        var group = new List<PendingWrite>(_maxWritesPerCommit);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            PendingWrite? betweenCommits = null;
            while (group.Count < _maxWritesPerCommit && reader.TryRead(out var next))
            {
                if (next.IsCancelled) continue;
                if (next is IBetweenCommits) { betweenCommits = next; break; }
                group.Add(next);
            }
            if (group.Count > 0)
            {
                try { CommitGroup(group); }
                catch (Exception ex)
                {
                    // The engine itself failed (not one write): refuse this group and keep serving the next.
                    _logger.LogCritical(ex, "A group commit of {Count} writes failed", group.Count);
                    RollBack();
                    foreach (var write in group) write.Fail(ex);
                }
            }
            group.Clear();
            if (betweenCommits is not null) RunBetweenCommits(betweenCommits);
        }
    }

    private void RunBetweenCommits(PendingWrite job)
    {
        try
        {
            job.Run(_database.Database);
            job.Complete();
        }
        catch (Exception ex) { job.Fail(ex); }
    }

    private void CommitGroup(List<PendingWrite> group)
    {
        var db = _database.Database;
        db.BeginTrans();
        try
        {
            foreach (var write in group) write.Run(db);
        }
        catch (Exception)
        {
            RollBack();
            // One write failed: give each write its own transaction so that only the failing one fails.
            // Rare, so the extra fsyncs do not matter.
            foreach (var write in group) CommitAlone(write);
            return;
        }
        CommitDurably(group);
    }

    private void CommitAlone(PendingWrite write)
    {
        var db = _database.Database;
        db.BeginTrans();
        try
        {
            write.Run(db);
        }
        catch (Exception ex)
        {
            RollBack();
            write.Fail(ex);
            return;
        }
        CommitDurably([write]);
    }

    /// <summary>A failed commit or sync fails every write of the group: none may be acknowledged or retried.</summary>
    private void CommitDurably(IReadOnlyList<PendingWrite> group)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            _database.Database.Commit();
            _database.SyncLog();
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "Commit of {Count} writes failed", group.Count);
            RollBack();
            foreach (var write in group) write.Fail(ex);
            return;
        }
        Interlocked.Increment(ref _commits);
        _metrics?.Committed(group.Count, Stopwatch.GetElapsedTime(started));
        foreach (var write in group) Acknowledge(write);
    }

    /// <summary>
    /// Ends the open transaction. An exception escaping the writer thread would end the process, and a rollback that
    /// throws leaves nothing to undo that the next transaction could see, so it is logged, not thrown.
    /// </summary>
    private void RollBack()
    {
        try { _database.Database.Rollback(); }
        catch (Exception ex) { _logger.LogError(ex, "Rolling back a failed group commit failed"); }
    }

    private void Acknowledge(PendingWrite write)
    {
        foreach (var action in write.Context!.AfterCommitActions)
        {
            try { action(); }
            catch (Exception ex) { _logger.LogError(ex, "An after-commit action failed; the write itself is durable."); }
        }
        write.Complete();
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _thread.Join();
    }

    private abstract class PendingWrite
    {
        public WriteContext? Context { get; private set; }

        public abstract bool IsCancelled { get; }

        public void Run(LiteDB.ILiteDatabase db)
        {
            Context = new LiteDbWriteContext(db);
            Execute(Context);
        }

        protected abstract void Execute(WriteContext context);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private class PendingWrite<T>(Func<WriteContext, Task<T>> write, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override bool IsCancelled
        {
            get
            {
                if (!cancellationToken.IsCancellationRequested) return false;
                _completion.TrySetCanceled(cancellationToken);
                return true;
            }
        }

        protected override void Execute(WriteContext context)
        {
            var task = write(context);
            // LiteDB's transaction belongs to this thread: a write whose store calls did not finish here would run
            // outside it. LiteDB stores complete synchronously, so this only catches a programming error.
            if (!task.IsCompleted)
                throw new InvalidOperationException("A write on LiteDB must complete on the writer thread.");
            _result = task.GetAwaiter().GetResult();
        }

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);
    }

    private interface IBetweenCommits;

    private sealed class BetweenCommits<T>(Func<LiteDB.ILiteDatabase, T> job, CancellationToken cancellationToken)
        : PendingWrite<T>(context => System.Threading.Tasks.Task.FromResult(job(context.LiteDb())), cancellationToken), IBetweenCommits;
}
