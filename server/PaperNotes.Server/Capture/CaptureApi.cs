using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PaperNotes.Server.Api;
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

    /// <summary>Longest a capture may parse before giving up; real pages take tens of milliseconds.</summary>
    private static readonly TimeSpan ParseBudget = TimeSpan.FromSeconds(10);

    /// <summary>The page parser (stateless, shared).</summary>
    public static IServiceCollection AddCaptures(this IServiceCollection services) =>
        services.AddSingleton<HuggingFacePapersParser>();

    public static RouteGroupBuilder MapCaptures(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/captures", "Capture");
        group.MapPost("/", CaptureAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return group;
    }

    private static async Task<Results<Ok<CaptureResponse>, ValidationProblem, ProblemHttpResult>> CaptureAsync(
        CaptureRequest request, HuggingFacePapersParser parser, PaperCatalog catalog, TimeProvider clock,
        Observability.PaperNotesMetrics metrics, CancellationToken cancellationToken)
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

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ParseBudget);
        IReadOnlyList<CapturedPaper> captured;
        try
        {
            captured = await parser.ParseAsync(request.Html, page, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: ProblemTypes.PageTooSlow,
                title: "The page took too long to read.", detail: $"Parsing is limited to {ParseBudget.TotalSeconds:0} seconds.");
        }
        metrics.CaptureParsed(captured.Count);
        return TypedResults.Ok(new CaptureResponse(await catalog.SaveAsync(captured, cancellationToken)));
    }
}
