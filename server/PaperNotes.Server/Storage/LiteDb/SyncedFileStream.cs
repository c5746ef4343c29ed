namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>
/// A file stream whose every flush reaches the device. LiteDB 5.0.21 writes a commit's log pages synchronously but
/// never flushes them, and flushes the data file at checkpoint only with <c>Flush(false)</c>, which leaves the bytes
/// in the OS cache (litedb-org/LiteDB#2818). Routing every flush to <c>Flush(true)</c> (fsync) makes the checkpoint
/// durable before the log is truncated; <see cref="PaperNotesDatabase.SyncLog"/> makes each commit durable.
/// Unbuffered: LiteDB shares one stream between the writer and every reader thread and serialises their reads and
/// writes, but not <c>Flush</c>, which the writer calls while readers read; a buffered stream's buffer is not safe
/// under that. LiteDB reads and writes whole 8 KB pages, so a buffer would save no system call anyway.
/// </summary>
internal sealed class SyncedFileStream(string path)
    : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
{
    private long _syncs;

    /// <summary>How many times this stream forced its bytes to the device (benchmarks report it).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    public override void Flush() => Flush(flushToDisk: true);

    public override void Flush(bool flushToDisk)
    {
        base.Flush(flushToDisk: true);
        Interlocked.Increment(ref _syncs);
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush(flushToDisk: true);
        return Task.CompletedTask;
    }
}
