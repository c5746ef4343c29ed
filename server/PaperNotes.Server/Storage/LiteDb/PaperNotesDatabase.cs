using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Options;

namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>
/// The process's one <see cref="LiteDatabase"/>, opened over <see cref="SyncedFileStream"/>s so that a commit is on
/// the device when it returns. Reads may come from any thread; writes go through <see cref="DurableWriter"/>.
/// </summary>
public sealed class PaperNotesDatabase : IDisposable
{
    public const string FileName = "papernotes.db";

    /// <summary>Held exclusively while the database is open; it belongs to the running process, not to the data.</summary>
    public const string LockFileName = "papernotes.lock";

    private readonly FileStream _lock;
    private readonly SyncedFileStream _data;
    private readonly SyncedFileStream _log;

    public PaperNotesDatabase(IOptions<StorageOptions> options)
    {
        var folder = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(folder);
        _lock = LockFolder(folder);
        var dataPath = Path.Combine(folder, FileName);
        _data = new SyncedFileStream(dataPath);
        _log = new SyncedFileStream(Path.ChangeExtension(dataPath, "-log.db"));
        var engine = new LiteEngine(new EngineSettings { DataStream = _data, LogStream = _log });
        Database = new LiteDatabase(engine, disposeOnClose: true);
        Folder = folder;
    }

    /// <summary>
    /// Two engines over one file each cache pages and checkpoint on their own, and corrupt it ("page type must be
    /// index page"); a second server on the same folder, or a restart before the old one closed, must fail instead.
    /// <see cref="FileShare.None"/> is an exclusive <c>flock</c> on Unix and a sharing lock on Windows.
    /// </summary>
    private static FileStream LockFolder(string folder)
    {
        var path = Path.Combine(folder, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0,
                FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another PaperNotes server has the data folder {folder} open ({path} is locked). Stop it first, or give this one its own Storage:Path.", ex);
        }
    }

    /// <summary>The database; mutate it only inside <see cref="IDurableWriter.WriteAsync{T}"/>.</summary>
    public ILiteDatabase Database { get; }

    /// <summary>
    /// Forces the log, where a returned <c>Commit()</c> has already written its pages, onto the device. Call it after
    /// every commit and before acknowledging the writes in it.
    /// </summary>
    public void SyncLog() => _log.Flush(flushToDisk: true);

    /// <summary>The absolute folder that holds the database file.</summary>
    public string Folder { get; }

    /// <summary>Device syncs so far, for benchmarks and tests of group commit.</summary>
    public long Syncs => _data.Syncs + _log.Syncs;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the files are closed and the folder is free for another server.</summary>
    public Task Closed => _closed.Task;

    public void Dispose()
    {
        Database.Dispose();
        _data.Dispose();
        _log.Dispose();
        _lock.Dispose();
        _closed.TrySetResult();
    }
}
