using System.Text.Json;
using PaperNotes.Server.Annotations;
using PaperNotes.Server.Library;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Exports;

/// <summary>
/// What a library says about one paper, whichever kind of library it is: personal items carry status and tags,
/// collection items a shared note. Fields the library kind does not use are null.
/// </summary>
public sealed record ItemFields(
    string PaperId, string? Status, IReadOnlyList<string>? Tags, bool? Starred, string? Note, string? AddedBy,
    DateTime? AddedAt, DateTime? CreatedAt, DateTime? ClippedAt);

/// <summary>One paper of a library: the catalog's record (null when no capture saw it), the item, its annotations.</summary>
public sealed record PaperEntry(string PaperId, Paper? Paper, ItemFields? Item, IReadOnlyList<Annotation> Annotations)
{
    public string Title => Paper?.Title is { Length: > 0 } title ? title : $"arXiv:{PaperId}";

    /// <summary>When the paper entered the library: the item's, else its first annotation's.</summary>
    public DateTime Since => Item?.AddedAt ?? Item?.CreatedAt
        ?? (Annotations.Count > 0 ? Annotations.Min(a => a.CreatedAt) : DateTime.MaxValue);

    public string ArxivUrl => $"https://arxiv.org/abs/{PaperId}";

    public string SourceUrl => Paper?.SourceUrl ?? PaperCatalog.SourceUrl(PaperId);
}

/// <summary>A library's live papers, items and annotations, in the order they entered it: what exports and pages show.</summary>
public sealed record LibraryContents(LibraryRecord Library, IReadOnlyList<PaperEntry> Papers)
{
    private const int PageSize = LibraryApi.MaxFeedLimit;

    /// <summary>Reads every live object through the change feed (from 0, so tombstones are left out below).</summary>
    /// <param name="viewerId">Whose view of the papers (their own captures over what users agreed on).</param>
    internal static async Task<LibraryContents> ReadAsync(ILibraryStore store, PaperCatalog catalog, LibraryRecord library,
        string viewerId, CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, ItemFields>();
        var annotations = new Dictionary<string, List<Annotation>>();
        ChangePage page;
        long since = 0;
        do
        {
            page = await store.ChangesAsync(library, since, PageSize, cancellationToken);
            foreach (var entry in page.Changes)
            {
                if (entry.Deleted || entry.Data is not JsonElement data) continue;
                if (entry.Kind == ItemKind.KindName)
                    items[entry.Key] = data.Deserialize<ItemFields>(JsonSerializerOptions.Web)!;
                else if (entry.Kind == AnnotationKind.KindName && data.Deserialize<Annotation>(JsonSerializerOptions.Web) is { } annotation)
                {
                    if (!annotations.TryGetValue(annotation.PaperId, out var list)) annotations[annotation.PaperId] = list = [];
                    list.Add(annotation);
                }
            }
            since = page.Version;
        } while (page.More);

        var ids = items.Keys.Union(annotations.Keys).ToList();
        var catalogued = await catalog.FindAsync(ids, viewerId, cancellationToken);
        var papers = ids
            .Select(id => new PaperEntry(id, catalogued.GetValueOrDefault(id), items.GetValueOrDefault(id),
                annotations.TryGetValue(id, out var list) ? [.. list.OrderBy(a => a.CreatedAt)] : []))
            .OrderBy(p => p.Since).ThenBy(p => p.PaperId, StringComparer.Ordinal)
            .ToList();
        return new LibraryContents(library, papers);
    }
}
