namespace PaperNotes.Server.Storage;

/// <summary>Which engine keeps the data, and where (<c>Storage</c> section and <c>ConnectionStrings:Postgres</c>, SPEC §2, §7).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The embedded engine: one LiteDB file, one process (the default).</summary>
    public const string LiteDb = "litedb";

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Postgres</c>.</summary>
    public const string Postgres = "postgres";

    /// <summary><see cref="LiteDb"/> or <see cref="Postgres"/>.</summary>
    public string Provider { get; set; } = LiteDb;

    /// <summary>Folder of the LiteDB file (and its data-protection keys); created when absent.</summary>
    public string Path { get; set; } = "./data";

    /// <summary>Most writes one LiteDB group commit takes at once; bounds the latency of the last one in a group.</summary>
    public int MaxWritesPerCommit { get; set; } = 512;
}
