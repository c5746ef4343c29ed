using LiteDB;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Papers;

/// <summary>
/// The paper catalog, filled only by what clients capture, so no client is trusted with what others read
/// (docs/api.md, "Captures"). Each user's captures merge into that user's own view of a paper (collection
/// <c>paper_views</c>): a value a page shows replaces the stored one, a value it does not show never erases it. The
/// shared record (collection <c>papers</c>) holds, per field, only a value that <see cref="AgreeingUsers"/> users
/// captured alike. A user reads their own view over the shared record; anyone else reads the shared record alone.
/// </summary>
internal sealed class PaperCatalog(PaperNotesDatabase database, IDurableWriter writer, TimeProvider clock)
{
    public const string Collection = "papers";
    private const string Views = "paper_views";
    private const string Quotas = "capture_quotas";

    /// <summary>How many users must have captured the same value before others see it.</summary>
    public const int AgreeingUsers = 2;

    /// <summary>Supporters remembered per value, and values per field: enough to tell agreement, bounded per paper.</summary>
    private const int MaxSupporters = 8;
    private const int MaxCandidates = 16;

    private static readonly string[] Fields =
        ["title", "abstract", "authors", "authorCount", "organization", "publishedAt", "upvotes", "comments", "githubRepo",
         "projectPage", "thumbnail"];

    /// <summary>
    /// The paper as <paramref name="viewerId"/> sees it (their own captures over what users agreed on); with no viewer,
    /// what users agreed on. Null when nothing of it is known to this reader.
    /// </summary>
    public Paper? Find(string id, string? viewerId)
    {
        var shared = database.Database.GetCollection(Collection).FindById(id);
        var own = viewerId is null ? null : database.Database.GetCollection(Views).FindById(ViewId(viewerId, id));
        return Overlay(id, shared, own);
    }

    /// <summary>
    /// Merges <paramref name="userId"/>'s captured papers in one durable write and answers them as that user now sees
    /// them, in the same order; null (and nothing written) when they would take the user over
    /// <paramref name="dailyLimit"/> papers this UTC day.
    /// </summary>
    public Task<IReadOnlyList<Paper>?> SaveAsync(string userId, IReadOnlyList<CapturedPaper> captured, int dailyLimit,
        CancellationToken cancellationToken)
    {
        if (captured.Count == 0) return Task.FromResult<IReadOnlyList<Paper>?>([]);
        var now = clock.GetUtcNow();
        // LiteDB keeps milliseconds: answer the instant exactly as later reads will show it.
        var capturedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)).UtcDateTime;
        return writer.WriteAsync<IReadOnlyList<Paper>?>(context =>
        {
            if (!TakeQuota(context.Database, userId, DateOnly.FromDateTime(capturedAt), captured.Count, dailyLimit)) return null;
            var papers = context.Database.GetCollection(Collection);
            var views = context.Database.GetCollection(Views);
            var answered = new List<Paper>(captured.Count);
            foreach (var paper in captured)
            {
                var view = Merge(views.FindById(ViewId(userId, paper.Id)) ?? new BsonDocument { ["_id"] = ViewId(userId, paper.Id) },
                    paper, capturedAt);
                views.Upsert(view);
                var shared = papers.FindById(paper.Id) ?? new BsonDocument { ["_id"] = paper.Id, ["capturedAt"] = capturedAt };
                if (Vote(shared, userId, view)) shared["capturedAt"] = capturedAt;
                papers.Upsert(shared);
                answered.Add(Overlay(paper.Id, shared, view)!);
            }
            return answered;
        }, cancellationToken);
    }

    /// <summary>The canonical Hugging Face page of a paper, the <c>sourceUrl</c> every capture of it answers.</summary>
    public static string SourceUrl(string id) => $"https://huggingface.co/papers/{id}";

    private static string ViewId(string userId, string paperId) => userId + " " + paperId;

    /// <summary>Counts <paramref name="papers"/> against the user's daily limit; false (nothing counted) when over.</summary>
    private static bool TakeQuota(ILiteDatabase db, string userId, DateOnly day, int papers, int dailyLimit)
    {
        var quotas = db.GetCollection(Quotas);
        var quota = quotas.FindById(userId);
        var today = day.ToString("yyyy-MM-dd");
        var used = quota is not null && quota["day"].AsString == today ? quota["papers"].AsInt32 : 0;
        if (used + papers > dailyLimit) return false;
        quotas.Upsert(new BsonDocument { ["_id"] = userId, ["day"] = today, ["papers"] = used + papers });
        return true;
    }

    /// <summary>One user's view: what a page shows replaces, what it does not show stays; a card never replaces an abstract.</summary>
    private static BsonDocument Merge(BsonDocument document, CapturedPaper paper, DateTime capturedAt)
    {
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
        document["capturedAt"] = capturedAt;
        return document;
    }

    /// <summary>
    /// Records the user's current value of every field as their vote, then sets each shared field to the value most
    /// users agree on, if at least <see cref="AgreeingUsers"/> do (complete abstracts before card texts). Answers
    /// whether a shared field changed.
    /// </summary>
    private static bool Vote(BsonDocument shared, string userId, BsonDocument view)
    {
        var votes = shared.TryGetValue("votes", out var stored) && stored.IsDocument ? stored.AsDocument : new BsonDocument();
        shared["votes"] = votes;
        var changed = false;
        foreach (var field in Fields)
        {
            var candidates = votes.TryGetValue(field, out var list) && list.IsArray ? list.AsArray : [];
            votes[field] = candidates;
            var value = VoteValue(view, field);
            var key = value is null ? null : LiteDB.JsonSerializer.Serialize(value);
            foreach (var candidate in candidates.Select(c => c.AsDocument))
            {
                var users = candidate["users"].AsArray;
                if (candidate["key"].AsString != key) users.Remove(userId);
                else if (!users.Contains(userId) && users.Count < MaxSupporters) users.Add(userId);
            }
            if (key is not null && !candidates.Any(c => c["key"].AsString == key))
                candidates.Add(new BsonDocument { ["key"] = key, ["value"] = value, ["users"] = new BsonArray { userId } });
            // Values nobody holds any more go; past the bound, the least supported go first.
            var kept = candidates.Where(c => c["users"].AsArray.Count > 0)
                .OrderByDescending(c => c["users"].AsArray.Count).Take(MaxCandidates).ToHashSet();
            for (var i = candidates.Count - 1; i >= 0; i--) if (!kept.Contains(candidates[i])) candidates.RemoveAt(i);

            var agreed = candidates.Where(c => c["users"].AsArray.Count >= AgreeingUsers)
                .OrderByDescending(c => field == "abstract" && c["value"]["complete"].AsBoolean)
                .ThenByDescending(c => c["users"].AsArray.Count)
                .FirstOrDefault()?["value"];
            changed |= SetShared(shared, field, agreed);
        }
        return changed;
    }

    /// <summary>A field's value as voted on; the abstract votes with whether it is the paper's own abstract.</summary>
    private static BsonValue? VoteValue(BsonDocument view, string field)
    {
        if (!view.TryGetValue(field, out var value) || value.IsNull) return null;
        return field == "abstract"
            ? new BsonDocument { ["text"] = value, ["complete"] = view.TryGetValue("abstractIsComplete", out var c) && c.AsBoolean }
            : value;
    }

    private static bool SetShared(BsonDocument shared, string field, BsonValue? agreed)
    {
        if (field == "abstract")
        {
            var changed = SetShared(shared, "abstractIsComplete", agreed?["complete"]);
            return SetShared(shared, "abstractText", agreed?["text"]) | changed;
        }
        var before = shared.TryGetValue(field, out var current) ? current : null;
        if (agreed is null) return shared.Remove(field);
        shared[field] = agreed;
        return before is null || before != agreed;
    }

    /// <summary>The reader's own view over the shared record; null when neither knows anything of the paper.</summary>
    private static Paper? Overlay(string id, BsonDocument? shared, BsonDocument? own)
    {
        var view = new BsonDocument();
        foreach (var (field, value) in shared ?? [])
            if (Fields.Contains(field) || field is "abstractIsComplete") view[field] = value;
        if (shared is not null && shared.TryGetValue("abstractText", out var text)) view["abstract"] = text;
        if (own is null && !view.Keys.Any(Fields.Contains)) return null;
        if (own is not null)
        {
            var ownAbstractIsComplete = own.TryGetValue("abstractIsComplete", out var c) && c.AsBoolean;
            var sharedAbstractIsComplete = view.TryGetValue("abstractIsComplete", out var s) && s.AsBoolean;
            foreach (var (field, value) in own)
            {
                if (field is "abstract" or "abstractIsComplete" && sharedAbstractIsComplete && !ownAbstractIsComplete) continue;
                view[field] = value;
            }
        }
        var capturedAt = (own ?? shared)!["capturedAt"].AsDateTime;
        return new Paper(
            id,
            Text(view, "title"),
            Text(view, "abstract"),
            view.TryGetValue("authors", out var authors) && authors.IsArray ? [.. authors.AsArray.Select(a => a.AsString)] : [],
            Number(view, "authorCount"),
            Text(view, "organization"),
            Text(view, "publishedAt") is { } date ? DateOnly.ParseExact(date, "yyyy-MM-dd") : null,
            Number(view, "upvotes"),
            Number(view, "comments"),
            Text(view, "githubRepo"),
            Text(view, "projectPage"),
            Text(view, "thumbnail"),
            SourceUrl(id),
            new DateTimeOffset(DateTime.SpecifyKind(capturedAt.ToUniversalTime(), DateTimeKind.Utc)));
    }

    private static void Set(BsonDocument document, string field, string? value)
    {
        if (value is not null) document[field] = value;
    }

    private static void Set(BsonDocument document, string field, int? value)
    {
        if (value is not null) document[field] = value.Value;
    }

    private static string? Text(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsString ? value.AsString : null;

    private static int? Number(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsNumber ? value.AsInt32 : null;
}
