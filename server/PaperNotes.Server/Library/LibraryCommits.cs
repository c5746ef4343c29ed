namespace PaperNotes.Server.Library;

/// <summary>The rules of a commit and of a feed page that both engines share.</summary>
internal static class LibraryCommits
{
    /// <summary>Preconditions as Zotero's web API: creating needs no version, changing an existing object needs one.</summary>
    public static WriteStatus Decide(ObjectWrite write, StoredObject? current)
    {
        var expected = write.IfUnmodifiedSinceVersion;
        if (write.Put is null)
        {
            if (current is null) return WriteStatus.NotFound;
            if (current.Deleted) return WriteStatus.AlreadyDeleted;
            if (expected is null) return WriteStatus.PreconditionRequired;
            return current.Version > expected ? WriteStatus.Stale : WriteStatus.Deleted;
        }
        if (current is null) return WriteStatus.Created;
        // A tombstone newer than what the client saw means someone deleted it since: recreating would undo that.
        if (current.Deleted) return expected > 0 && current.Version > expected ? WriteStatus.Stale : WriteStatus.Created;
        if (expected is null) return WriteStatus.PreconditionRequired;
        return current.Version > expected ? WriteStatus.Stale : WriteStatus.Updated;
    }

    /// <summary>
    /// Applies <paramref name="writes"/> in order against <paramref name="current"/> (the objects as stored, updated in
    /// place) at <paramref name="version"/>; answers each outcome and the objects that changed, once each.
    /// </summary>
    public static (List<WriteOutcome> Outcomes, List<StoredObject> Changed) Apply(
        IReadOnlyList<ObjectWrite> writes, Dictionary<(string Kind, string Key), StoredObject> current, long version, DateTime now)
    {
        var outcomes = new List<WriteOutcome>(writes.Count);
        var changed = new List<StoredObject>();
        foreach (var write in writes)
        {
            var stored = current.GetValueOrDefault((write.Kind, write.Key));
            var status = Decide(write, stored);
            if (status is WriteStatus.Stale)
            {
                outcomes.Add(new WriteOutcome(status, stored!.ToEntry()));
                continue;
            }
            if (status is not (WriteStatus.Created or WriteStatus.Updated or WriteStatus.Deleted))
            {
                outcomes.Add(new WriteOutcome(status, null));
                continue;
            }
            var data = write.Put is null
                ? (System.Text.Json.JsonElement?)null
                : System.Text.Json.JsonSerializer.SerializeToElement(
                    write.Put(stored is { Deleted: false } ? stored : null, version, now), System.Text.Json.JsonSerializerOptions.Web);
            var next = new StoredObject(write.Kind, write.Key, version, write.Put is null, data);
            current[(write.Kind, write.Key)] = next;
            changed.RemoveAll(e => e.Kind == next.Kind && e.Key == next.Key);
            changed.Add(next);
            outcomes.Add(new WriteOutcome(status, next.ToEntry()));
        }
        return (outcomes, changed);
    }

    /// <summary>
    /// One feed page from <paramref name="range"/> (objects with versions in [from, to], oldest first, at most n). A
    /// page never splits one version, so its <see cref="ChangePage.Version"/> is always a safe next <c>since</c>.
    /// </summary>
    public static async Task<ChangePage> PageAsync(LibraryRecord library, long since, int limit,
        Func<long, long, int, Task<List<ChangeEntry>>> range)
    {
        if (since >= library.Version) return new ChangePage(library.Version, [], false);
        var page = await range(since + 1, library.Version, limit + 1);
        if (page.Count <= limit) return new ChangePage(library.Version, page, false);

        var firstLeftOut = page[limit].Version;
        var whole = page.Take(limit).Where(e => e.Version < firstLeftOut).ToList();
        if (whole.Count == 0) whole = await range(firstLeftOut, firstLeftOut, int.MaxValue);
        var last = whole[^1].Version;
        return new ChangePage(last, whole, last < library.Version);
    }
}
