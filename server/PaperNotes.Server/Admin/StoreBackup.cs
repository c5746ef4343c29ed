using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Admin;

/// <summary>A consistent copy of the whole store, taken while it serves.</summary>
public interface IStoreBackup
{
    /// <summary>Copies the store into <paramref name="folder"/> (absent or empty) and checks that the copy opens.</summary>
    Task<BackupSummary> BackupAsync(string folder, CancellationToken cancellationToken);
}

public sealed record BackupSummary(long Bytes, int Users);

/// <summary>
/// The LiteDB store is its data folder: the database and its log, and the data-protection keys of the account cookie.
/// The copy is made on the writer's thread between two commits (<see cref="DurableWriter.RunBetweenCommitsAsync{T}"/>),
/// after a checkpoint: every acknowledged write is in the copied file and no half-written commit is.
/// </summary>
internal sealed class LiteDbStoreBackup(DurableWriter writer, PaperNotesDatabase database) : IStoreBackup
{
    public async Task<BackupSummary> BackupAsync(string folder, CancellationToken cancellationToken)
    {
        // A copy inside the store would be copied into every later backup, and into itself.
        if ((folder + Path.DirectorySeparatorChar).StartsWith(database.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new AdminCommandException($"{folder} is inside the data folder {database.Folder}: back up elsewhere.");
        StoreFolder.EnsureEmpty(folder);
        var bytes = await writer.RunBetweenCommitsAsync(db =>
        {
            db.Checkpoint();
            return StoreFolder.Copy(database.Folder, folder);
        }, cancellationToken);
        return new BackupSummary(bytes, StoreFolder.Verify(folder));
    }
}

/// <summary>Copying, checking and restoring a LiteDB data folder.</summary>
internal static class StoreFolder
{
    /// <summary>The admin command's channel and the folder lock belong to the running server, not to the data.</summary>
    public static bool IsCopied(string name) => name is not (AdminChannel.FileName or PaperNotesDatabase.LockFileName);

    public static void EnsureEmpty(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new AdminCommandException($"{folder} is not empty.");
        Directory.CreateDirectory(folder);
    }

    /// <summary>Copies every file and folder of <paramref name="from"/>; answers the bytes copied.</summary>
    public static long Copy(string from, string to)
    {
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!IsCopied(relative)) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The server keeps the database open for writing: share it, or the open fails on some platforms.
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
            source.CopyTo(copy);
            copy.Flush(flushToDisk: true);
            bytes += copy.Length;
        }
        return bytes;
    }

    /// <summary>Opens the copy as the server would and reads it; answers its number of accounts.</summary>
    public static int Verify(string folder)
    {
        if (!File.Exists(Path.Combine(folder, PaperNotesDatabase.FileName)))
            throw new AdminCommandException($"{folder} holds no {PaperNotesDatabase.FileName}.");
        try
        {
            using var copy = new PaperNotesDatabase(Options.Create(new StorageOptions { Path = folder }));
            foreach (var name in copy.Database.GetCollectionNames()) _ = copy.Database.GetCollection(name).Count();
            return copy.Database.GetCollection(Auth.Accounts.LiteDbUserAccountRecords.Collection).Count();
        }
        catch (Exception ex) when (ex is not AdminCommandException)
        {
            throw new AdminCommandException($"The copy in {folder} does not open: {ex.Message}");
        }
    }
}
