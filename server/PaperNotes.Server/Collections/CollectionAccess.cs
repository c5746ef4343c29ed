using PaperNotes.Server.Api;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Collections;

/// <summary>
/// The caller's role in the collection named by the route's <c>{id}</c>: 404 when they are not a member (or it is not a
/// collection). Unlike library routes, any member may write here (leaving), so each handler states who may do what.
/// </summary>
public sealed record CollectionAccess(LibraryAccess Member)
{
    public string LibraryId => Member.Library.Id;

    public bool IsOwner => Member.Role == LibraryRoles.Owner;

    public static async ValueTask<CollectionAccess> BindAsync(HttpContext context)
    {
        var id = context.GetRouteValue("id") as string ?? "";
        var access = await LibraryAccess.ResolveAsync(context, id);
        if (access.Library.Kind != LibraryKinds.Collection)
            throw new ProblemException(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"You have no collection '{id}'.");
        return new CollectionAccess(access);
    }
}
