using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Auth;
using Scalar.AspNetCore;

namespace PaperNotes.Server.Api;

public static class ApiExtensions
{
    /// <summary>Rate limiting policy of every <c>/api</c> group: a fixed window per signed-in user.</summary>
    public const string PerUserRateLimit = "per-user";

    /// <summary>
    /// What every route shares: stable problem types, bad input as problems (never a crash), per-user rate limits,
    /// idempotent POSTs and the OpenAPI document.
    /// </summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxJsonBodyBytes > 0 && o.RateLimit.IsValid,
                "Api limits must be positive.")
            .ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Problems raised by the framework (401, 404 of an unknown route, 405...) get our stable types too.
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            if (c.ProblemDetails.Type?.StartsWith("urn:papernotes:", StringComparison.Ordinal) != true)
                c.ProblemDetails.Type = ProblemTypes.ForStatus(status);
        });
        // Unbindable input throws so that ProblemExceptionHandler can answer it as a typed problem.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<IdempotencyPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyPruner>());
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerUserRateLimit, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit;
                var partition = context.User.Identity?.IsAuthenticated == true
                    ? "user:" + context.User.UserId()
                    : "address:" + AddressRateLimits.ClientOf(context);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => limits.FixedWindow());
            });
            o.OnRejected = AnswerRateLimitedAsync;
        });
        services.AddOpenApi();
        return services;
    }

    /// <summary>Request middleware of the API: the JSON body limit, then the rate limiter (after authentication).</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.Use(RejectOversizedBodies);
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// The route group of every <c>/api</c> feature: signed in with the <c>api</c> scope, under the per-user rate limit,
    /// tagged in the OpenAPI document. Features map their routes on it, so none can forget a policy.
    /// </summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder routes, string prefix, string tag) =>
        routes.MapGroup(prefix).WithTags(tag)
            .RequireAuthorization(AuthExtensions.ApiPolicy).RequireRateLimiting(PerUserRateLimit);

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its Scalar reference page at <c>/docs</c>.</summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapScalarApiReference("/docs", o => o.WithTitle("PaperNotes API"));
        return routes;
    }

    /// <summary>
    /// 413 before a byte is parsed when the declared length is over the endpoint's limit (256 KB unless the endpoint
    /// carries a request size limit); Kestrel enforces the same limit on bodies sent without a length.
    /// </summary>
    private static async Task RejectOversizedBodies(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJsonBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge,
                    "The request body is too large", $"This endpoint accepts at most {limit} bytes.");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
                sizeFeature.MaxRequestBodySize = limit;
        }
        await next(context);
    }

    /// <summary>429 problem+json with <c>Retry-After</c> in whole seconds: the answer of every rate limiter here.</summary>
    internal static async ValueTask AnswerRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            Problems.SetRetryAfter(response, retryAfter);
        await WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
            ProblemTypes.RateLimited, "Too many requests", "Slow down and retry after the Retry-After delay.");
    }

    internal static ValueTask WriteProblemAsync(HttpContext context, int status, string type, string title, string? detail) =>
        context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        });
}
