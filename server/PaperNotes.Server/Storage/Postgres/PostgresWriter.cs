using System.Diagnostics;
using Npgsql;
using PaperNotes.Server.Observability;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>
/// <see cref="IDurableWriter"/> on PostgreSQL: each write is its own transaction, committed with the server's
/// <c>synchronous_commit=on</c>, so an acknowledged write is on the server's disk. Concurrent writes are serialised by
/// row locks, not by one writer; a write that lost a race (a serialization failure, a deadlock, or a unique key another
/// transaction inserted first) is run again from the start, as every write delegate re-checks what it relies on.
/// </summary>
internal sealed class PostgresWriter(PostgresDatabase database, PaperNotesMetrics metrics, ILogger<PostgresWriter> logger)
    : IDurableWriter
{
    private const int MaxAttempts = 5;

    public async Task<T> WriteAsync<T>(Func<WriteContext, Task<T>> write, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var context = await PostgresWriteContext.BeginAsync(database.DataSource, cancellationToken);
            PostgresWriteContext.Current = context;
            T result;
            try
            {
                result = await write(context);
                await context.CommitAsync();
                metrics.Committed(1, Stopwatch.GetElapsedTime(started));
            }
            catch (PostgresException ex) when (IsLostRace(ex) && attempt < MaxAttempts)
            {
                logger.LogDebug(ex, "Write attempt {Attempt} lost a race; running it again", attempt);
                continue;
            }
            finally
            {
                PostgresWriteContext.Current = null;
            }
            // Still holding the libraries' commit order (released when the context is disposed): pushes leave in
            // version order.
            context.RunAfterCommitActions(logger);
            return result;
        }
    }

    private static bool IsLostRace(PostgresException ex) => ex.SqlState is
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;
}
