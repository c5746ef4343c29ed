using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Papers;

public static class PapersApi
{
    /// <summary>The paper catalog that captures fill and every library refers to.</summary>
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        services.AddSingleton<PaperCatalog>();
        return services;
    }

    /// <summary><c>GET /api/papers/{id}</c>; the id may hold a slash (old-style arXiv ids such as <c>hep-th/9901001</c>).</summary>
    public static RouteGroupBuilder MapPapers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/papers", "Papers");
        group.MapGet("/{**id}", GetPaper);
        return group;
    }

    /// <summary>
    /// The paper as the caller sees it: their own captures over what several users captured alike. A paper the caller
    /// never captured but a collaborator put into one of the caller's collections shows as the member who added it
    /// sees it (as the public page shows the owner's view): sharing it was that member's choice, not a stranger's.
    /// </summary>
    private static Results<Ok<Paper>, ProblemHttpResult> GetPaper(string id, PaperCatalog catalog, ILibraryStore libraries,
        ClaimsPrincipal user)
    {
        var paperId = Uri.UnescapeDataString(id);
        var userId = user.UserId();
        return (catalog.Find(paperId, userId) ?? AsSharedWith(paperId, userId, catalog, libraries)) is { } paper
            ? TypedResults.Ok(paper)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.PaperNotFound,
                title: "No capture has seen this paper.", detail: $"The catalog has no paper '{id}'.");
    }

    private static Paper? AsSharedWith(string paperId, string userId, PaperCatalog catalog, ILibraryStore libraries)
    {
        foreach (var (library, _) in libraries.LibrariesOf(userId))
        {
            if (library.Kind != LibraryKinds.Collection) continue;
            var item = libraries.FindObject(library.Id, ItemKind.KindName, paperId);
            if (item is not { Deleted: false, Data: { } data }) continue;
            var addedBy = data.TryGetProperty("addedBy", out var name) ? name.GetString() : null;
            var adder = libraries.MembersOf(library.Id).FirstOrDefault(m => m.Username == addedBy)?.UserId ?? library.OwnerId;
            if (catalog.Find(paperId, adder) is { } paper) return paper;
        }
        return null;
    }
}
