using System.Text.Json;
using PaperNotes.Server.Library;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Collections;

/// <summary>
/// Collection writes on top of <see cref="ILibraryStore"/>: each change of the collection or of a membership commits a
/// <c>collection</c> or <c>member</c> entry in the collection's own change feed, in the same durable commit; the
/// store tells the affected users' connections after it.
/// </summary>
internal sealed class CollectionLibraries(ILibraryStore store, IPublicLinkRecords links, IDurableWriter writer)
{
    public const string CollectionKind = "collection";
    public const string MemberKind = "member";

    public async Task<CollectionInfo?> InfoAsync(string libraryId, CancellationToken cancellationToken = default) =>
        await store.FindObjectAsync(libraryId, CollectionKind, libraryId, cancellationToken) is { Deleted: false, Data: { } data }
            ? data.Deserialize<CollectionInfo>(JsonSerializerOptions.Web)
            : null;

    /// <summary>The collection whose public link is <paramref name="token"/>, while that link is on.</summary>
    public async Task<(LibraryRecord Library, CollectionInfo Info)?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!PublicLinks.IsWellFormed(token)
            || await links.LibraryOfAsync(PublicLinks.Hash(token), cancellationToken) is not { } libraryId) return null;
        var library = await store.FindAsync(libraryId, cancellationToken);
        var info = library is null ? null : await InfoAsync(libraryId, cancellationToken);
        return library is not null && info is not null && PublicLinks.TokenOf(info.PublicUrl) == token ? (library, info) : null;
    }

    /// <summary>Creates the collection inside the caller's write (which may also record an idempotent response).</summary>
    public async Task<(CollectionInfo Info, long Version)> CreateAsync(WriteContext context, string name, string description, KnownUser owner)
    {
        var library = await store.CreateLibraryAsync(context, LibraryKinds.Collection, name, description, owner.UserId, owner.Username);
        var commit = await store.CommitAsync(context, library.Id,
        [
            ObjectWrite.Overwrite(CollectionKind, library.Id, (_, version, now) =>
                new CollectionInfo(library.Id, name, description, owner.UserId, owner.Username, null, now, now, version)),
            ObjectWrite.Overwrite(MemberKind, owner.UserId, (_, version, now) =>
                new MemberInfo(owner.UserId, owner.Username, LibraryRoles.Owner, now, version)),
        ]);
        return (Read<CollectionInfo>(commit.Outcomes[0]), commit.Version);
    }

    /// <summary>Applies a PATCH; null when the collection is gone.</summary>
    public Task<(CollectionInfo Info, long Version)?> UpdateAsync(string libraryId, UpdateCollectionRequest change,
        CancellationToken cancellationToken) => writer.WriteAsync<(CollectionInfo, long)?>(async context =>
    {
        if (await store.FindAsync(libraryId) is null || await InfoAsync(libraryId) is not { } before) return null;
        var name = change.Name?.Trim() ?? before.Name;
        var description = change.Description?.Trim() ?? before.Description;
        var publicUrl = before.PublicUrl;
        var oldToken = PublicLinks.TokenOf(publicUrl);
        if (change.RotateLink == true || (change.PublicLink == true && oldToken is null))
        {
            if (oldToken is not null) await links.RemoveAsync(context, PublicLinks.Hash(oldToken));
            var token = PublicLinks.NewToken();
            await links.AddAsync(context, PublicLinks.Hash(token), libraryId);
            publicUrl = PublicLinks.UrlOf(token);
        }
        else if (change.PublicLink == false)
        {
            if (oldToken is not null) await links.RemoveAsync(context, PublicLinks.Hash(oldToken));
            publicUrl = null;
        }
        await store.DescribeAsync(context, libraryId, name, description);
        var commit = await store.CommitAsync(context, libraryId,
        [
            ObjectWrite.Overwrite(CollectionKind, libraryId, (_, version, now) =>
                before with { Name = name, Description = description, PublicUrl = publicUrl, UpdatedAt = now, Version = version }),
        ]);
        return (Read<CollectionInfo>(commit.Outcomes[0]), commit.Version);
    }, cancellationToken);

    /// <summary>Deletes the collection, its public link and its objects; every member loses it.</summary>
    public Task DeleteAsync(string libraryId, CancellationToken cancellationToken) => writer.WriteAsync(async context =>
    {
        if (PublicLinks.TokenOf((await InfoAsync(libraryId))?.PublicUrl) is { } token)
            await links.RemoveAsync(context, PublicLinks.Hash(token));
        await store.DeleteLibraryAsync(context, libraryId);
        return true;
    }, cancellationToken);

    /// <summary>Adds a member or changes their role; answers whether they are new, or null when the collection is gone.</summary>
    public Task<(MemberInfo Member, bool Added, long Version)?> SetMemberAsync(string libraryId, KnownUser user, string role,
        CancellationToken cancellationToken) => writer.WriteAsync<(MemberInfo, bool, long)?>(async context =>
    {
        if (await store.FindAsync(libraryId) is null) return null;
        var added = await store.RoleOfAsync(libraryId, user.UserId) is null;
        await store.SetMemberAsync(context, libraryId, user.UserId, user.Username, role);
        var commit = await store.CommitAsync(context, libraryId,
        [
            ObjectWrite.Overwrite(MemberKind, user.UserId, (current, version, now) => new MemberInfo(user.UserId, user.Username, role,
                current?.Data?.Deserialize<MemberInfo>(JsonSerializerOptions.Web)?.AddedAt ?? now, version)),
        ]);
        return (Read<MemberInfo>(commit.Outcomes[0]), added, commit.Version);
    }, cancellationToken);

    /// <summary>Ends a membership (removal or leaving); false when there was none.</summary>
    public Task<bool> RemoveMemberAsync(string libraryId, string userId, CancellationToken cancellationToken) =>
        writer.WriteAsync(async context =>
        {
            // Membership first: its LibrariesChanged is queued before the push, so the leaver's connections are out of
            // the group before the tombstone (and anything after it) is sent.
            if (!await store.RemoveMemberAsync(context, libraryId, userId)) return false;
            var current = await store.FindObjectAsync(libraryId, MemberKind, userId);
            if (current is { Deleted: false })
                await store.CommitAsync(context, libraryId, [ObjectWrite.Delete(MemberKind, userId, current.Version)]);
            return true;
        }, cancellationToken);

    private static T Read<T>(WriteOutcome outcome) => outcome.Entry!.Data is JsonElement data
        ? data.Deserialize<T>(JsonSerializerOptions.Web)!
        : throw new InvalidOperationException($"A server-managed write was refused: {outcome.Status}.");
}
