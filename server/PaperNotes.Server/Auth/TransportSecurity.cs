using Microsoft.AspNetCore.HttpOverrides;

namespace PaperNotes.Server.Auth;

/// <summary>
/// Running behind a TLS-terminating proxy (SPEC §2): with <c>Server:ForwardedHeaders=true</c> the proxy's
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (from the proxies ASP.NET Core trusts by default,
/// loopback, plus <c>Server:KnownProxies</c>), so cookies get <c>Secure</c>, HSTS is sent and the log-in throttle and
/// rate limits see the client's address. Pages people open in a browser get headers that keep them from leaking
/// their URLs (return URLs, codes) or being framed.
/// </summary>
internal static class TransportSecurity
{
    public const string ForwardedHeadersSetting = "Server:ForwardedHeaders";

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("Server:KnownProxies").Get<string[]>() ?? [])
                options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's scheme and address.</summary>
    public static WebApplication UseTransportSecurity(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(ForwardedHeadersSetting)) app.UseForwardedHeaders();
        // Sent on https requests only, so a loopback http server is unaffected.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/account") || path.StartsWithSegments("/connect") || path.StartsWithSegments("/docs"))
            {
                var headers = context.Response.Headers;
                headers["Referrer-Policy"] = "no-referrer";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // The API reference runs its own bundled script and inline configuration; it may not be framed.
                if (path.StartsWithSegments("/docs"))
                    headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; " +
                        "img-src 'self' data: https:; font-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            }
            return next(context);
        });
        return app;
    }
}
