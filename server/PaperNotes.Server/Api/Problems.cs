using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace PaperNotes.Server.Api;

/// <summary>
/// Every error the API answers is RFC 9457 problem+json whose <c>type</c> is one of these stable URNs; clients branch
/// on <c>type</c>, never on <c>title</c> or <c>detail</c>.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:papernotes:problem:";

    public const string BadRequest = Prefix + "bad-request";
    public const string MalformedJson = Prefix + "malformed-json";
    public const string Unauthenticated = Prefix + "unauthenticated";
    public const string Forbidden = Prefix + "forbidden";
    public const string NotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string Gone = Prefix + "feed-expired";
    public const string Stale = Prefix + "stale-version";
    public const string BodyTooLarge = Prefix + "body-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string Validation = Prefix + "validation";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string RateLimited = Prefix + "rate-limited";
    public const string Internal = Prefix + "internal";
    public const string PaperNotFound = Prefix + "paper-not-found";
    public const string NotAPapersPage = Prefix + "not-a-papers-page";
    public const string PageTooLarge = Prefix + "page-too-large";
    public const string PageTooSlow = Prefix + "page-too-slow";
    public const string TooManyPapers = Prefix + "too-many-papers";
    public const string CaptureQuotaExceeded = Prefix + "capture-quota-exceeded";

    /// <summary>The type for a bare status code (404 of an unknown route, 401 from the auth middleware...).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        410 => Gone,
        412 => Stale,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        422 => Validation,
        428 => PreconditionRequired,
        429 => RateLimited,
        _ => Internal,
    };
}

/// <summary>The problems handlers answer, so that every route words the same failure the same way.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null,
        IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = type,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    public static ProblemHttpResult NotFound(string detail) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Of(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail);

    /// <summary>422 listing what is wrong with each field (the shape of ASP.NET Core's validation problem).</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Type = ProblemTypes.Validation,
            Title = "The request is not valid",
        });

    public static ProblemHttpResult Invalid(string field, string error) =>
        Invalid(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>429 <c>rate-limited</c> that says when to come back.</summary>
    public static ProblemHttpResult RateLimited(HttpResponse response, TimeSpan retryAfter, string title, string detail)
    {
        SetRetryAfter(response, retryAfter);
        return Of(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, title, detail);
    }

    /// <summary><c>Retry-After</c> in whole seconds, rounded up so that a client retrying then is let through.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
}
