using System.Collections.Concurrent;

namespace PaperNotes.Server.Storage.Postgres;

/// <summary>
/// One gate per library in this process. A write passes it before it takes any lock of that library's rows and leaves
/// it once its pushes are out, so pushes of one library leave in version order even though transactions commit on many
/// threads (the row lock alone orders the versions; it cannot order what happens after COMMIT returns). Every library
/// write of <see cref="Library.PostgresLibraryStore"/> enters first: a gate taken after a row lock of the same library
/// could wait on a transaction that waits on that row, a deadlock PostgreSQL cannot see.
/// </summary>
public sealed class LibraryCommitOrder
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    /// <summary>Waits for the library's gate and hands it to <paramref name="context"/>, which opens it when done.</summary>
    internal async Task EnterAsync(PostgresWriteContext context, string libraryId)
    {
        if (!context.HeldLibraries.Add(libraryId)) return;
        var gate = _gates.GetOrAdd(libraryId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        context.HoldUntilPublished(new Release(gate));
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
