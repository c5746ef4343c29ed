using System.Text;
using System.Text.Json;

namespace PaperNotes.Server.Library;

/// <summary>Items (SPEC §1), keyed by arXiv id.</summary>
public sealed class ItemKind : LibraryObjectKind<ItemInput>
{
    public const string KindName = "item";
    public const int MaxTags = 50;
    public const int MaxTagLength = 64;
    public const int MaxNoteBytes = 64 * 1024;

    /// <summary>Reading progress only moves forward unless forced (Omnivore's monotonic progress); archived is explicit, above all.</summary>
    private static readonly string[] StatusOrder = ["new", "to-read", "reading", "read", "archived"];

    public override string Name => KindName;

    public override string KeyRule => PaperIds.Rule;

    public override string? NormalizeKey(string key) => PaperIds.Normalize(key);

    public override PreparedWrite Prepare(ItemInput input, string key, LibraryAccess access)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Status is not null && !StatusOrder.Contains(input.Status))
            errors["status"] = ["status must be one of " + string.Join(", ", StatusOrder) + "."];
        var tags = NormalizeTags(input.Tags, errors);
        if (input.Note is not null && Encoding.UTF8.GetByteCount(input.Note) > MaxNoteBytes)
            errors["note"] = [$"note must be at most {MaxNoteBytes} bytes of Markdown."];
        if (errors.Count > 0) return PreparedWrite.Invalid(errors);

        if (access.Library.Kind == LibraryKinds.Collection)
        {
            return new PreparedWrite((current, version, now) =>
            {
                var before = current?.Data?.Deserialize<CollectionItem>(JsonSerializerOptions.Web);
                return new CollectionItem(key, input.Note ?? before?.Note ?? "", before?.AddedBy ?? access.Username,
                    before?.AddedAt ?? now, now, version);
            }, null);
        }
        return new PreparedWrite((current, version, now) =>
        {
            var before = current?.Data?.Deserialize<PersonalItem>(JsonSerializerOptions.Web);
            var status = input.Status ?? before?.Status ?? "new";
            if (before is not null && input.Force != true && Rank(status) < Rank(before.Status)) status = before.Status;
            // seenAt is the first time the paper was in view: the earliest of what any device saw wins.
            var seenAt = Earliest(before?.SeenAt, input.SeenAt?.UtcDateTime);
            return new PersonalItem(key, status, tags ?? before?.Tags ?? [], input.Starred ?? before?.Starred ?? false,
                seenAt, input.ClippedAt?.UtcDateTime ?? before?.ClippedAt, before?.CreatedAt ?? now, now, version);
        }, null);
    }

    private static int Rank(string status) => Array.IndexOf(StatusOrder, status);

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static List<string>? NormalizeTags(IReadOnlyList<string>? tags, Dictionary<string, string[]> errors)
    {
        if (tags is null) return null;
        var normalized = tags.Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count > MaxTags) errors["tags"] = [$"At most {MaxTags} tags."];
        else if (normalized.Any(t => t.Length is 0 or > MaxTagLength || t.Any(char.IsControl)))
            errors["tags"] = [$"Each tag must have 1 to {MaxTagLength} printable characters."];
        return normalized;
    }
}
