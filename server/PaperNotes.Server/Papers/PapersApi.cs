using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;

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

    /// <summary>The paper as the caller sees it: their own captures over what several users captured alike.</summary>
    private static Results<Ok<Paper>, ProblemHttpResult> GetPaper(string id, PaperCatalog catalog, ClaimsPrincipal user) =>
        catalog.Find(Uri.UnescapeDataString(id), user.UserId()) is { } paper
            ? TypedResults.Ok(paper)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.PaperNotFound,
                title: "No capture has seen this paper.", detail: $"The catalog has no paper '{id}'.");
}
