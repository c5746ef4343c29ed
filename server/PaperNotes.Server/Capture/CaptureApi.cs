using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

public static class CaptureApi
{
    /// <summary>Largest HTML a capture takes, in UTF-8 bytes (SPEC §4).</summary>
    public const int MaxHtmlBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The body limit of this route: JSON escaping can make the envelope up to six times the HTML it carries
    /// (System.Text.Json writes <c>&lt;</c> as <c>\u003C</c>), and such a body must still reach the handler, which
    /// measures the HTML itself and answers 413 as problem+json.
    /// </summary>
    public const long MaxBodyBytes = 6L * MaxHtmlBytes + 64 * 1024;

    /// <summary>The page parser (stateless, shared) and the limits of a capture.</summary>
    public static IServiceCollection AddCaptures(this IServiceCollection services)
    {
        services.AddOptions<CaptureOptions>().BindConfiguration(CaptureOptions.Section)
            .Validate(o => o.MaxPapersPerPage > 0 && o.MaxPapersPerUserPerDay > 0 && o.TimeBudget > TimeSpan.Zero,
                "Capture limits must be positive.")
            .ValidateOnStart();
        return services.AddSingleton<HuggingFacePapersParser>();
    }

    public static RouteGroupBuilder MapCaptures(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/captures", "Capture");
        group.MapPost("/", CaptureAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return group;
    }

    internal sealed record Services(HuggingFacePapersParser Parser, PaperCatalog Catalog, IOptions<CaptureOptions> Options,
        TimeProvider Clock, Observability.PaperNotesMetrics Metrics);

    /// <summary>
    /// Parses the page within the time budget and merges its papers into the caller's view of the catalog; what one
    /// user captures reaches others only when other users captured the same (see <see cref="PaperCatalog"/>).
    /// </summary>
    private static async Task<Results<Ok<CaptureResponse>, ValidationProblem, ProblemHttpResult>> CaptureAsync(
        CaptureRequest request, ClaimsPrincipal user, [AsParameters] Services services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Url) || request.Html is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(request.Url) ? "url" : "html"] = ["Required."],
            });
        if (Encoding.UTF8.GetByteCount(request.Html) > MaxHtmlBytes)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, type: ProblemTypes.PageTooLarge,
                title: "The page is larger than a capture takes.", detail: $"Capture HTML is limited to {MaxHtmlBytes} bytes.");
        if (!PapersPageAddress.TryParse(request.Url, out var page))
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.NotAPapersPage,
                title: "Only Hugging Face Papers pages can be captured.",
                detail: "The url must be https://huggingface.co/papers or a page under it.");

        var limits = services.Options.Value;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limits.TimeBudget);
        IReadOnlyList<CapturedPaper> captured;
        try
        {
            var today = DateOnly.FromDateTime(services.Clock.GetUtcNow().UtcDateTime);
            // Off the request thread's continuation so that the budget's timer can cancel a parse that never yields.
            captured = await Task.Run(() => services.Parser.ParseAsync(request.Html, page, today, limits.MaxPapersPerPage, budget.Token), budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.PageTooSlow,
                title: "The page took too long to read.",
                detail: $"Reading a page is limited to {limits.TimeBudget.TotalSeconds:0.#} seconds.");
        }
        services.Metrics.CaptureParsed(captured.Count);
        if (captured.Count > limits.MaxPapersPerPage)
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, ProblemTypes.TooManyPapers,
                "The page holds more papers than a capture takes.",
                $"A capture takes at most {limits.MaxPapersPerPage} papers from one page.",
                new Dictionary<string, object?> { ["maxPapers"] = limits.MaxPapersPerPage });
        if (await services.Catalog.SaveAsync(user.UserId(), captured, limits.MaxPapersPerUserPerDay, cancellationToken) is not { } papers)
            return Problems.Of(StatusCodes.Status429TooManyRequests, ProblemTypes.CaptureQuotaExceeded,
                "You have captured as many papers as a day allows.",
                $"Captures take at most {limits.MaxPapersPerUserPerDay} papers per user per day (UTC); try again tomorrow.",
                new Dictionary<string, object?> { ["maxPapersPerDay"] = limits.MaxPapersPerUserPerDay });
        return TypedResults.Ok(new CaptureResponse(papers));
    }
}
