using LiteDB;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Papers;

/// <summary>
/// The server-wide catalog of papers (LiteDB collection <c>papers</c>, keyed by arXiv id). Captures merge into it:
/// a value a page shows replaces the stored one, and a value a page does not show never erases it.
/// </summary>
internal sealed class PaperCatalog(PaperNotesDatabase database, IDurableWriter writer, TimeProvider clock)
{
    public const string Collection = "papers";

    /// <summary>The paper with this id, or null when no capture has seen it.</summary>
    public Paper? Find(string id) =>
        database.Database.GetCollection(Collection).FindById(id) is { } document ? FromDocument(document) : null;

    /// <summary>Merges every captured paper in one durable write and answers the stored papers in the same order.</summary>
    public Task<IReadOnlyList<Paper>> SaveAsync(IReadOnlyList<CapturedPaper> captured, CancellationToken cancellationToken)
    {
        if (captured.Count == 0) return Task.FromResult<IReadOnlyList<Paper>>([]);
        var capturedAt = clock.GetUtcNow();
        return writer.WriteAsync(context => Upsert(context, captured, capturedAt), cancellationToken);
    }

    /// <summary>Merges inside a write that is already running (for features that capture as part of a larger write).</summary>
    public static IReadOnlyList<Paper> Upsert(WriteContext context, IReadOnlyList<CapturedPaper> captured, DateTimeOffset capturedAt)
    {
        // LiteDB keeps milliseconds: answer the instant exactly as later reads will show it.
        capturedAt = capturedAt.AddTicks(-(capturedAt.Ticks % TimeSpan.TicksPerMillisecond));
        var papers = context.Database.GetCollection(Collection);
        var merged = new List<Paper>(captured.Count);
        foreach (var paper in captured)
        {
            var stored = papers.FindById(paper.Id);
            var document = Merge(stored, paper, capturedAt);
            papers.Upsert(document);
            merged.Add(FromDocument(document));
        }
        return merged;
    }

    /// <summary>The canonical Hugging Face page of a paper, the <c>sourceUrl</c> every capture of it answers.</summary>
    public static string SourceUrl(string id) => $"https://huggingface.co/papers/{id}";

    private static BsonDocument Merge(BsonDocument? stored, CapturedPaper paper, DateTimeOffset capturedAt)
    {
        var document = stored ?? new BsonDocument { ["_id"] = paper.Id };
        Set(document, "title", paper.Title);
        var storedIsComplete = document.TryGetValue("abstractIsComplete", out var complete) && complete.AsBoolean;
        if (paper.Abstract is not null && (paper.AbstractIsComplete || !storedIsComplete || !document.ContainsKey("abstract")))
        {
            document["abstract"] = paper.Abstract;
            document["abstractIsComplete"] = paper.AbstractIsComplete;
        }
        if (paper.Authors is { Count: > 0 } authors)
            document["authors"] = new BsonArray(authors.Select(name => new BsonValue(name)));
        Set(document, "authorCount", paper.AuthorCount);
        Set(document, "organization", paper.Organization);
        Set(document, "publishedAt", paper.PublishedAt?.ToString("yyyy-MM-dd"));
        Set(document, "upvotes", paper.Upvotes);
        Set(document, "comments", paper.Comments);
        Set(document, "githubRepo", paper.GithubRepo);
        Set(document, "projectPage", paper.ProjectPage);
        Set(document, "thumbnail", paper.Thumbnail);
        document["capturedAt"] = capturedAt.UtcDateTime;
        return document;
    }

    private static void Set(BsonDocument document, string field, string? value)
    {
        if (value is not null) document[field] = value;
    }

    private static void Set(BsonDocument document, string field, int? value)
    {
        if (value is not null) document[field] = value.Value;
    }

    private static Paper FromDocument(BsonDocument document)
    {
        var id = document["_id"].AsString;
        return new Paper(
            id,
            Text(document, "title"),
            Text(document, "abstract"),
            document.TryGetValue("authors", out var authors) ? [.. authors.AsArray.Select(a => a.AsString)] : [],
            Number(document, "authorCount"),
            Text(document, "organization"),
            Text(document, "publishedAt") is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd") : null,
            Number(document, "upvotes"),
            Number(document, "comments"),
            Text(document, "githubRepo"),
            Text(document, "projectPage"),
            Text(document, "thumbnail"),
            SourceUrl(id),
            new DateTimeOffset(DateTime.SpecifyKind(document["capturedAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
    }

    private static string? Text(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsString ? value.AsString : null;

    private static int? Number(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsNumber ? value.AsInt32 : null;
}
