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
    private static async Task<Results<Ok<Paper>, ProblemHttpResult>> GetPaper(string id, PaperCatalog catalog,
        ILibraryStore libraries, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var paperId = Uri.UnescapeDataString(id);
        var userId = user.UserId();
        return (await catalog.FindAsync(paperId, userId, cancellationToken)
                ?? await AsSharedWithAsync(paperId, userId, catalog, libraries, cancellationToken)) is { } paper
            ? TypedResults.Ok(paper)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.PaperNotFound,
                title: "No capture has seen this paper.", detail: $"The catalog has no paper '{id}'.");
    }

    private static async Task<Paper?> AsSharedWithAsync(string paperId, string userId, PaperCatalog catalog,
        ILibraryStore libraries, CancellationToken cancellationToken)
    {
        foreach (var (library, _) in await libraries.LibrariesOfAsync(userId, cancellationToken))
        {
            if (library.Kind != LibraryKinds.Collection) continue;
            var item = await libraries.FindObjectAsync(library.Id, ItemKind.KindName, paperId, cancellationToken);
            if (item is not { Deleted: false, Data: { } data }) continue;
            var addedBy = data.TryGetProperty("addedBy", out var name) ? name.GetString() : null;
            var members = await libraries.MembersOfAsync(library.Id, cancellationToken);
            var adder = members.FirstOrDefault(m => m.Username == addedBy)?.UserId ?? library.OwnerId;
            if (await catalog.FindAsync(paperId, adder, cancellationToken) is { } paper) return paper;
        }
        return null;
    }
}
