using System.Collections.Concurrent;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Library;

/// <summary>
/// The caller's standing in the library named by the route's <c>{lib}</c>, bound as a handler parameter. Binding
/// refuses with 404 when the caller has no role there (never revealing that another user's library exists) and with
/// 403 when a viewer tries to write; it also sets <c>Last-Modified-Version</c>, which writes then raise.
/// </summary>
public sealed record LibraryAccess(LibraryRecord Library, string Role, string UserId, string Username)
{
    public const string VersionHeader = "Last-Modified-Version";

    public static async ValueTask<LibraryAccess> BindAsync(HttpContext context)
    {
        var access = await ResolveAsync(context, context.GetRouteValue("lib") as string ?? "");
        var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        if (!reads && !LibraryRoles.CanWrite(access.Role))
            throw new ProblemException(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden",
                "Viewers may read this library but not change it.");
        return access;
    }

    /// <summary>
    /// The caller's role in <paramref name="libraryId"/>, whatever the request does (routes with their own role rules
    /// bind through this); 404 when they have none.
    /// </summary>
    public static async ValueTask<LibraryAccess> ResolveAsync(HttpContext context, string libraryId)
    {
        var userId = context.User.UserId();
        await context.RequestServices.GetRequiredService<PersonalLibraries>().EnsureAsync(context.User, context.RequestAborted);
        var store = context.RequestServices.GetRequiredService<ILibraryStore>();
        var role = await store.RoleOfAsync(libraryId, userId, context.RequestAborted);
        var library = role is null ? null : await store.FindAsync(libraryId, context.RequestAborted);
        if (role is null || library is null)
            throw new ProblemException(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found",
                $"You have no library '{libraryId}'.");
        context.Response.Headers[VersionHeader] = library.Version.ToString();
        return new LibraryAccess(library, role, userId, context.User.Username());
    }
}

/// <summary>Creates each user's personal library on their first API call, with their owner membership.</summary>
public sealed class PersonalLibraries(ILibraryStore store, IDurableWriter writer)
{
    private readonly ConcurrentDictionary<string, string> _known = new();

    /// <summary>The id of the caller's personal library, created in a durable commit if this is their first call.</summary>
    public async ValueTask<string> EnsureAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.UserId();
        if (_known.TryGetValue(userId, out var known)) return known;
        var id = await store.PersonalLibraryIdOfAsync(userId, cancellationToken) ?? await writer.WriteAsync(async context =>
            // Checked again inside the write: two first calls racing must not make two libraries.
            await store.PersonalLibraryIdOfAsync(userId) ?? (await store.CreateLibraryAsync(context, LibraryKinds.Personal,
                "My library", "", userId, user.Username())).Id, cancellationToken);
        _known[userId] = id;
        return id;
    }
}

/// <summary>Which libraries a user may read, from their memberships (the hub joins one group per library).</summary>
internal sealed class LibraryDirectory(ILibraryStore store) : ILibraryDirectory
{
    public async Task<IReadOnlyList<string>> ReadableLibraryIdsAsync(string userId, CancellationToken cancellationToken = default) =>
        [.. (await store.LibrariesOfAsync(userId, cancellationToken)).Select(l => l.Library.Id)];
}
