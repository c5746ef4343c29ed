using System.Text.Json.Serialization;

namespace PaperNotes.Server.Collections;

/// <summary><c>POST /api/collections</c>.</summary>
public sealed record CreateCollectionRequest(string? Name, string? Description);

/// <summary>
/// <c>PATCH /api/collections/{id}</c>: only the fields sent change. <see cref="RotateLink"/> issues a new public token
/// (and turns the link on); the old one stops working at once.
/// </summary>
public sealed record UpdateCollectionRequest(string? Name, string? Description, bool? PublicLink, bool? RotateLink);

/// <summary><c>PUT /api/collections/{id}/members/{username}</c>.</summary>
/// <param name="Role"><c>editor</c> or <c>viewer</c>.</param>
public sealed record SetMemberRequest(string? Role);

/// <summary>
/// The collection as its <c>collection</c> change-feed entry and GET show it (GET adds the caller's
/// <see cref="CollectionResponse.Role"/>).
/// </summary>
/// <param name="PublicUrl"><c>/c/{token}</c> while the public link is on, else null.</param>
public sealed record CollectionInfo(
    string Id, string Name, string Description, string OwnerId, string Owner, string? PublicUrl, DateTime CreatedAt,
    DateTime UpdatedAt, long Version);

/// <summary>A collection as the API answers it to a member.</summary>
public sealed record CollectionResponse(
    string Id, string Name, string Description, string Owner, string Role, string? PublicUrl, long Version,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static CollectionResponse From(CollectionInfo info, string role, long libraryVersion) => new(
        info.Id, info.Name, info.Description, info.Owner, role, info.PublicUrl, libraryVersion, info.CreatedAt, info.UpdatedAt);
}

/// <summary>A membership as its <c>member</c> change-feed entry (keyed by user id) and the members list show it.</summary>
public sealed record MemberInfo(
    string UserId, string Username, string Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? AddedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null);

/// <summary>A user that can be invited: the id tokens carry as <c>sub</c>, and the username as they spelled it.</summary>
public sealed record KnownUser(string UserId, string Username);
