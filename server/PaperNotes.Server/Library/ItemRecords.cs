namespace PaperNotes.Server.Library;

/// <summary>
/// A PUT of an item: only the fields sent change. Personal libraries use status, tags, starred, seenAt and clippedAt;
/// collection libraries use note. <see cref="Force"/> lets the status go backwards.
/// </summary>
public sealed record ItemInput(
    string? Status, IReadOnlyList<string>? Tags, bool? Starred, DateTimeOffset? SeenAt, DateTimeOffset? ClippedAt,
    bool? Force, string? Note);

/// <summary>A paper in a personal library, as GET and the feed show it.</summary>
public sealed record PersonalItem(
    string PaperId, string Status, IReadOnlyList<string> Tags, bool Starred, DateTime? SeenAt, DateTime? ClippedAt,
    DateTime CreatedAt, DateTime UpdatedAt, long Version);

/// <summary>A paper in a collection library, as GET and the feed show it.</summary>
public sealed record CollectionItem(string PaperId, string Note, string AddedBy, DateTime AddedAt, DateTime UpdatedAt, long Version);
