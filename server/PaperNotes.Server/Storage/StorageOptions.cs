namespace PaperNotes.Server.Storage;

/// <summary>Where the embedded store keeps its file (<c>Storage:Path</c>, SPEC §2).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder of the LiteDB file; created when absent.</summary>
    public string Path { get; set; } = "./data";

    /// <summary>Most writes one group commit takes at once; bounds the latency of the last one in a group.</summary>
    public int MaxWritesPerCommit { get; set; } = 512;
}
