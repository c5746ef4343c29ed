using System.Text.Json;
using System.Text.Json.Nodes;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Papers;

/// <summary>
/// The paper catalog, filled only by what clients capture, so no client is trusted with what others read
/// (docs/api.md, "Captures"). Each user's captures merge into that user's own view of a paper (<c>paper_views</c>): a
/// value a page shows replaces the stored one, a value it does not show never erases it. The shared record
/// (<c>papers</c>) holds, per field, only a value that <see cref="AgreeingUsers"/> users captured alike. A user reads
/// their own view over the shared record; anyone else reads the shared record alone. Both are JSON documents the
/// engine keeps as they are (<see cref="IPaperRecords"/>); every rule about them is here.
/// </summary>
internal sealed class PaperCatalog(IPaperRecords records, IDurableWriter writer, TimeProvider clock)
{
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
    public async Task<Paper?> FindAsync(string id, string? viewerId, CancellationToken cancellationToken = default) =>
        (await FindAsync([id], viewerId, cancellationToken)).GetValueOrDefault(id);

    /// <summary>The papers among <paramref name="ids"/> that <paramref name="viewerId"/> knows anything of, as they see them.</summary>
    public async Task<IReadOnlyDictionary<string, Paper>> FindAsync(IReadOnlyCollection<string> ids, string? viewerId,
        CancellationToken cancellationToken = default)
    {
        var found = await records.FindAsync(ids, viewerId, cancellationToken);
        var papers = new Dictionary<string, Paper>();
        foreach (var (id, documents) in found)
            if (Overlay(id, documents.Shared, documents.Own) is { } paper) papers[id] = paper;
        return papers;
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
        // Both engines keep milliseconds: answer the instant exactly as later reads will show it.
        var capturedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)).UtcDateTime;
        return writer.WriteAsync<IReadOnlyList<Paper>?>(async context =>
        {
            if (!await TakeQuotaAsync(context, userId, DateOnly.FromDateTime(capturedAt), captured.Count, dailyLimit)) return null;
            var stored = await records.LockAsync(context, [.. captured.Select(p => p.Id).Distinct()], userId);
            var changed = new Dictionary<string, PaperDocuments>();
            var answered = new List<Paper>(captured.Count);
            foreach (var paper in captured)
            {
                var before = changed.GetValueOrDefault(paper.Id) ?? stored.GetValueOrDefault(paper.Id);
                var view = Merge(before?.Own ?? [], paper, capturedAt);
                var shared = before?.Shared ?? new JsonObject { ["capturedAt"] = capturedAt };
                if (Vote(shared, userId, view)) shared["capturedAt"] = capturedAt;
                changed[paper.Id] = new PaperDocuments(shared, view);
                answered.Add(Overlay(paper.Id, shared, view)!);
            }
            await records.SaveAsync(context, userId, [.. changed.Select(c => new PaperWrite(c.Key, c.Value.Shared!, c.Value.Own!,
                SharedExisted: stored.GetValueOrDefault(c.Key)?.Shared is not null,
                OwnExisted: stored.GetValueOrDefault(c.Key)?.Own is not null))]);
            return answered;
        }, cancellationToken);
    }

    /// <summary>The canonical Hugging Face page of a paper, the <c>sourceUrl</c> every capture of it answers.</summary>
    public static string SourceUrl(string id) => $"https://huggingface.co/papers/{id}";

    /// <summary>Counts <paramref name="papers"/> against the user's daily limit; false (nothing counted) when over.</summary>
    private async Task<bool> TakeQuotaAsync(WriteContext context, string userId, DateOnly day, int papers, int dailyLimit)
    {
        var quota = await records.LockQuotaAsync(context, userId);
        var used = quota is not null && quota.Day == day ? quota.Papers : 0;
        if ((long)used + papers > dailyLimit) return false;
        await records.SaveQuotaAsync(context, userId, new CaptureQuota(day, used + papers), existed: quota is not null);
        return true;
    }

    /// <summary>One user's view: what a page shows replaces, what it does not show stays; a card never replaces an abstract.</summary>
    private static JsonObject Merge(JsonObject document, CapturedPaper paper, DateTime capturedAt)
    {
        Set(document, "title", paper.Title);
        var storedIsComplete = Flag(document, "abstractIsComplete");
        if (paper.Abstract is not null && (paper.AbstractIsComplete || !storedIsComplete || !document.ContainsKey("abstract")))
        {
            document["abstract"] = paper.Abstract;
            document["abstractIsComplete"] = paper.AbstractIsComplete;
        }
        if (paper.Authors is { Count: > 0 } authors)
            document["authors"] = new JsonArray([.. authors.Select(name => (JsonNode?)JsonValue.Create(name))]);
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
    private static bool Vote(JsonObject shared, string userId, JsonObject view)
    {
        if (shared["votes"] is not JsonObject votes) shared["votes"] = votes = [];
        var changed = false;
        foreach (var field in Fields)
        {
            if (votes[field] is not JsonArray candidates) votes[field] = candidates = [];
            var value = VoteValue(view, field);
            var key = value?.ToJsonString();
            foreach (var candidate in candidates.OfType<JsonObject>())
            {
                var users = (JsonArray)candidate["users"]!;
                var index = IndexOf(users, userId);
                if (Text(candidate, "key") != key) { if (index >= 0) users.RemoveAt(index); }
                else if (index < 0 && users.Count < MaxSupporters) users.Add(userId);
            }
            if (key is not null && !candidates.Any(c => Text(c!.AsObject(), "key") == key))
                candidates.Add(new JsonObject { ["key"] = key, ["value"] = value, ["users"] = new JsonArray(userId) });
            // Values nobody holds any more go; past the bound, the least supported go first.
            var kept = candidates.Where(c => Supporters(c!) > 0).OrderByDescending(c => Supporters(c!)).Take(MaxCandidates).ToHashSet();
            for (var i = candidates.Count - 1; i >= 0; i--) if (!kept.Contains(candidates[i])) candidates.RemoveAt(i);

            var agreed = candidates.Where(c => Supporters(c!) >= AgreeingUsers)
                .OrderByDescending(c => field == "abstract" && Flag(c!["value"]!.AsObject(), "complete"))
                .ThenByDescending(c => Supporters(c!))
                .FirstOrDefault()?["value"];
            changed |= SetShared(shared, field, agreed);
        }
        return changed;
    }

    private static int Supporters(JsonNode candidate) => ((JsonArray)candidate["users"]!).Count;

    private static int IndexOf(JsonArray users, string userId)
    {
        for (var i = 0; i < users.Count; i++) if (users[i]?.GetValue<string>() == userId) return i;
        return -1;
    }

    /// <summary>A field's value as voted on (a copy); the abstract votes with whether it is the paper's own abstract.</summary>
    private static JsonNode? VoteValue(JsonObject view, string field)
    {
        if (view[field] is not { } value) return null;
        return field == "abstract"
            ? new JsonObject { ["text"] = value.DeepClone(), ["complete"] = Flag(view, "abstractIsComplete") }
            : value.DeepClone();
    }

    private static bool SetShared(JsonObject shared, string field, JsonNode? agreed)
    {
        if (field == "abstract")
        {
            var changed = SetShared(shared, "abstractIsComplete", agreed?["complete"]);
            return SetShared(shared, "abstractText", agreed?["text"]) | changed;
        }
        var before = shared[field];
        if (agreed is null) return shared.Remove(field);
        shared[field] = agreed.DeepClone();
        return before is null || !JsonNode.DeepEquals(before, agreed);
    }

    /// <summary>The reader's own view over the shared record; null when neither knows anything of the paper.</summary>
    private static Paper? Overlay(string id, JsonObject? shared, JsonObject? own)
    {
        var view = new JsonObject();
        foreach (var (field, value) in shared ?? [])
            if (Fields.Contains(field) || field is "abstractIsComplete") view[field] = value?.DeepClone();
        if (shared?["abstractText"] is { } text) view["abstract"] = text.DeepClone();
        if (own is null && !view.Any(f => Fields.Contains(f.Key) && f.Value is not null)) return null;
        if (own is not null)
        {
            var ownAbstractIsComplete = Flag(own, "abstractIsComplete");
            var sharedAbstractIsComplete = Flag(view, "abstractIsComplete");
            foreach (var (field, value) in own)
            {
                if (field is "abstract" or "abstractIsComplete" && sharedAbstractIsComplete && !ownAbstractIsComplete) continue;
                view[field] = value?.DeepClone();
            }
        }
        var capturedAt = (own ?? shared)!["capturedAt"]!.GetValue<DateTime>();
        return new Paper(
            id,
            Text(view, "title"),
            Text(view, "abstract"),
            view["authors"] is JsonArray authors ? [.. authors.Select(a => a!.GetValue<string>())] : [],
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

    private static void Set(JsonObject document, string field, string? value)
    {
        if (value is not null) document[field] = value;
    }

    private static void Set(JsonObject document, string field, int? value)
    {
        if (value is not null) document[field] = value.Value;
    }

    private static bool Flag(JsonObject document, string field) =>
        document[field] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static string? Text(JsonObject document, string field) =>
        document[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static int? Number(JsonObject document, string field) =>
        document[field] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<int>() : null;
}
