using System.Text.Json;
using PaperNotes.Server.Library;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Collections;

/// <summary>
/// Collection writes on top of <see cref="ILibraryStore"/>: each change of the collection or of a membership commits a
/// <c>collection</c> or <c>member</c> entry in the collection's own change feed, in the same durable commit; the
/// store tells the affected users' connections after it.
/// </summary>
internal sealed class CollectionLibraries(ILibraryStore store, PaperNotesDatabase database, IDurableWriter writer)
{
    public const string CollectionKind = "collection";
    public const string MemberKind = "member";

    public CollectionInfo? Info(string libraryId) =>
        store.FindObject(libraryId, CollectionKind, libraryId) is { Deleted: false, Data: { } data }
            ? data.Deserialize<CollectionInfo>(JsonSerializerOptions.Web)
            : null;

    /// <summary>The collection whose public link is <paramref name="token"/>, while that link is on.</summary>
    public (LibraryRecord Library, CollectionInfo Info)? FindByToken(string token)
    {
        if (!PublicLinks.IsWellFormed(token) || PublicLinks.LibraryOf(database.Database, token) is not { } libraryId) return null;
        var library = store.Find(libraryId);
        var info = library is null ? null : Info(libraryId);
        return library is not null && info is not null && PublicLinks.TokenOf(info.PublicUrl) == token ? (library, info) : null;
    }

    /// <summary>Creates the collection in the caller's commit (the API runs it under an idempotency key).</summary>
    public (CollectionInfo Info, long Version) Create(WriteContext context, string name, string description, KnownUser owner)
    {
        var library = store.CreateLibrary(context, LibraryKinds.Collection, name, description, owner.UserId, owner.Username);
        var commit = store.Commit(context, library.Id,
        [
            Put(library.Id, CollectionKind, library.Id, (_, version, now) =>
                new CollectionInfo(library.Id, name, description, owner.UserId, owner.Username, null, now, now, version)),
            Put(library.Id, MemberKind, owner.UserId, (_, version, now) =>
                new MemberInfo(owner.UserId, owner.Username, LibraryRoles.Owner, now, version)),
        ]);
        return (Read<CollectionInfo>(commit.Outcomes[0]), commit.Version);
    }

    /// <summary>Applies a PATCH; null when the collection is gone.</summary>
    public Task<(CollectionInfo Info, long Version)?> UpdateAsync(string libraryId, UpdateCollectionRequest change,
        CancellationToken cancellationToken) => writer.WriteAsync<(CollectionInfo, long)?>(context =>
    {
        if (store.Find(libraryId) is null || Info(libraryId) is not { } before) return null;
        var name = change.Name?.Trim() ?? before.Name;
        var description = change.Description?.Trim() ?? before.Description;
        var publicUrl = before.PublicUrl;
        var oldToken = PublicLinks.TokenOf(publicUrl);
        if (change.RotateLink == true || (change.PublicLink == true && oldToken is null))
        {
            PublicLinks.Remove(context.Database, oldToken);
            var token = PublicLinks.NewToken();
            PublicLinks.Add(context.Database, token, libraryId);
            publicUrl = PublicLinks.UrlOf(token);
        }
        else if (change.PublicLink == false)
        {
            PublicLinks.Remove(context.Database, oldToken);
            publicUrl = null;
        }
        store.Describe(context, libraryId, name, description);
        var commit = store.Commit(context, libraryId,
        [
            Put(libraryId, CollectionKind, libraryId, (_, version, now) =>
                before with { Name = name, Description = description, PublicUrl = publicUrl, UpdatedAt = now, Version = version }),
        ]);
        return (Read<CollectionInfo>(commit.Outcomes[0]), commit.Version);
    }, cancellationToken);

    /// <summary>Deletes the collection, its public link and its objects; every member loses it.</summary>
    public Task DeleteAsync(string libraryId, CancellationToken cancellationToken) => writer.WriteAsync(context =>
    {
        PublicLinks.Remove(context.Database, PublicLinks.TokenOf(Info(libraryId)?.PublicUrl));
        store.DeleteLibrary(context, libraryId);
        return true;
    }, cancellationToken);

    /// <summary>Adds a member or changes their role; answers whether they are new, or null when the collection is gone.</summary>
    public Task<(MemberInfo Member, bool Added, long Version)?> SetMemberAsync(string libraryId, KnownUser user, string role,
        CancellationToken cancellationToken) => writer.WriteAsync<(MemberInfo, bool, long)?>(context =>
    {
        if (store.Find(libraryId) is null) return null;
        var added = store.RoleOf(libraryId, user.UserId) is null;
        store.SetMember(context, libraryId, user.UserId, user.Username, role);
        var commit = store.Commit(context, libraryId,
        [
            Put(libraryId, MemberKind, user.UserId, (current, version, now) => new MemberInfo(user.UserId, user.Username, role,
                current?.Data?.Deserialize<MemberInfo>(JsonSerializerOptions.Web)?.AddedAt ?? now, version)),
        ]);
        return (Read<MemberInfo>(commit.Outcomes[0]), added, commit.Version);
    }, cancellationToken);

    /// <summary>Ends a membership (removal or leaving); false when there was none.</summary>
    public Task<bool> RemoveMemberAsync(string libraryId, string userId, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            // Membership first: its LibrariesChanged is queued before the push, so the leaver's connections are out of
            // the group before the tombstone (and anything after it) is sent.
            if (!store.RemoveMember(context, libraryId, userId)) return false;
            var current = store.FindObject(libraryId, MemberKind, userId);
            if (current is { Deleted: false })
                store.Commit(context, libraryId, [ObjectWrite.Delete(MemberKind, userId, current.Version)]);
            return true;
        }, cancellationToken);

    /// <summary>
    /// A server-side write of a server-managed object: it runs on the writer thread, so the version read here is the
    /// current one and the precondition always holds.
    /// </summary>
    private ObjectWrite Put(string libraryId, string kind, string key, ObjectWrite.Compose compose) =>
        ObjectWrite.Upsert(kind, key, store.FindObject(libraryId, kind, key)?.Version, compose);

    private static T Read<T>(WriteOutcome outcome) => outcome.Entry!.Data is JsonElement data
        ? data.Deserialize<T>(JsonSerializerOptions.Web)!
        : throw new InvalidOperationException($"A server-managed write was refused: {outcome.Status}.");
}
