using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;

namespace PaperNotes.Server.Library;

/// <summary><c>/api/me</c>, the change feed, the batch, and items (SPEC §4).</summary>
public static class LibraryApi
{
    public const int MaxBatchOperations = 50;
    public const int DefaultFeedLimit = 500;
    public const int MaxFeedLimit = 5000;

    public static RouteGroupBuilder MapLibraries(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapApiGroup("/api", "Library");
        api.MapGet("/me", Me);

        var library = api.MapGroup("/libraries/{lib}");
        library.MapGet("/changes", Changes);
        library.MapPost("/batch", BatchEndpoint.Run);
        library.MapObjectRoutes<ItemKind, ItemInput>("/items/{**key}");
        return api;
    }

    private static async Task<Ok<MeResponse>> Me(ClaimsPrincipal user, PersonalLibraries personal, ILibraryStore store,
        CancellationToken cancellationToken)
    {
        var personalId = await personal.EnsureAsync(user, cancellationToken);
        var libraries = (await store.LibrariesOfAsync(user.UserId(), cancellationToken))
            .Select(l => new LibrarySummary(l.Library.Id, l.Library.Kind, l.Library.Name, l.Role, l.Library.Version));
        return TypedResults.Ok(new MeResponse(user.UserId(), user.Username(), personalId, [.. libraries]));
    }

    /// <summary>Objects changed after <paramref name="since"/>, oldest first; 410 once tombstones it needs are pruned.</summary>
    private static async Task<Results<Ok<ChangePage>, StatusCodeHttpResult, ProblemHttpResult>> Changes(
        LibraryAccess access, ILibraryStore store, CancellationToken cancellationToken, long since = 0, int limit = DefaultFeedLimit,
        [FromHeader(Name = ObjectEndpoints.IfModifiedSinceVersion)] long? ifModifiedSinceVersion = null)
    {
        if (since < 0) return Problems.Invalid("since", "since must be a library version, 0 or more.");
        if (limit < 1) return Problems.Invalid("limit", $"limit must be 1 to {MaxFeedLimit}.");
        var library = access.Library;
        if (library.Version <= ifModifiedSinceVersion) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        // 0 is a full resync, always answerable; other versions need every tombstone after them.
        if (since != 0 && since < library.OldestAnswerableVersion)
            return Problems.Of(StatusCodes.Status410Gone, ProblemTypes.Gone, "This version is too old to sync from",
                $"Deletions before version {library.OldestAnswerableVersion} are no longer kept: resync from since=0.",
                new Dictionary<string, object?> { ["oldestVersion"] = library.OldestAnswerableVersion });
        return TypedResults.Ok(await store.ChangesAsync(library, since, Math.Min(limit, MaxFeedLimit), cancellationToken));
    }
}
