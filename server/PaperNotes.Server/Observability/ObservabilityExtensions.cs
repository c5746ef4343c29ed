using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Metrics;

namespace PaperNotes.Server.Observability;

public static class ObservabilityExtensions
{
    /// <summary>How long <c>/readyz</c> waits for the store before answering 503.</summary>
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>papernotes_*</c> instruments, and when <c>Metrics:Enabled</c> an OpenTelemetry meter provider with them,
    /// ASP.NET Core's and Kestrel's HTTP server metrics and SignalR's, read by the Prometheus exporter.
    /// Logs carry the request's trace id through the host's default activity tracking; the JSON console formatter
    /// with scopes (appsettings.json) writes it on every line.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.Port is null or > 0 and < 65536, "Metrics:Port must be a TCP port.")
            .Validate(o => o.Path.StartsWith('/'), "Metrics:Path must start with '/'.")
            .ValidateOnStart();
        services.AddSingleton<PaperNotesMetrics>();
        services.AddSingleton<SyncConnectionsHubFilter>();
        services.Configure<HubOptions>(hub => hub.AddFilter<SyncConnectionsHubFilter>());
        // The store probe is the storage engine's (Storage/StorageExtensions).
        services.PostConfigure<LoggerFilterOptions>(SecretFreeLogging.Apply);

        if (builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() is not { Enabled: false })
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(PaperNotesMetrics.MeterName,
                    "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.RateLimiting")
                // Scrapes come every 15 s or so; a cached answer would only make a fresh reading wait.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        }
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus text, first in the pipeline. With <c>Metrics:Port</c> set it answers only
    /// connections that arrived on that local port: the Host header would be the client's to choose.
    /// </summary>
    public static IApplicationBuilder UseMetrics(this WebApplication app)
    {
        var options = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Enabled) return app;
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == options.Path
            && (options.Port is not { } port || context.Connection.LocalPort == port));
    }

    /// <summary><c>GET /healthz</c>: the process answers (nothing else). <c>GET /readyz</c>: the store answers too.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        routes.MapGet("/readyz", async Task<IResult> (IStoreProbe store, ILoggerFactory logs, CancellationToken ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ReadinessTimeout);
            try
            {
                await store.ProbeAsync(timeout.Token).WaitAsync(timeout.Token);
                return TypedResults.Ok(new { status = "ready" });
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logs.CreateLogger("PaperNotes.Readiness").LogWarning(ex, "The store did not answer the readiness probe");
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The store does not answer.");
            }
        }).ExcludeFromDescription();
        return routes;
    }
}
