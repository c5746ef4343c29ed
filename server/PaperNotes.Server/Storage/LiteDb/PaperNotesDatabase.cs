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

    private readonly SyncedFileStream _data;
    private readonly SyncedFileStream _log;

    public PaperNotesDatabase(IOptions<StorageOptions> options)
    {
        var folder = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(folder);
        var dataPath = Path.Combine(folder, FileName);
        _data = new SyncedFileStream(dataPath);
        _log = new SyncedFileStream(Path.ChangeExtension(dataPath, "-log.db"));
        var engine = new LiteEngine(new EngineSettings { DataStream = _data, LogStream = _log });
        Database = new LiteDatabase(engine, disposeOnClose: true);
        Folder = folder;
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

    public void Dispose()
    {
        Database.Dispose();
        _data.Dispose();
        _log.Dispose();
    }
}
