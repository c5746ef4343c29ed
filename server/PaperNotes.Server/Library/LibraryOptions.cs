namespace PaperNotes.Server.Library;

/// <summary>How long deletions stay in the change feed (<c>Library</c> section).</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>Tombstones older than this are pruned; clients that last synced before them get 410 and resync.</summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the pruner runs.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
