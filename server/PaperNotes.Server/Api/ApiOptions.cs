namespace PaperNotes.Server.Api;

/// <summary>Limits of the REST API (<c>Api</c> section), configurable so that tests can make them trip.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest JSON request body (SPEC §4: 256 KB). Endpoints may raise it with a request size limit.</summary>
    public long MaxJsonBodyBytes { get; set; } = 256 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>How long an <c>Idempotency-Key</c> answers with its first response (SPEC §4: 24 hours).</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>A fixed window: <see cref="PermitLimit"/> requests every <see cref="Window"/> (per user, or per address).</summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid => PermitLimit > 0 && Window > TimeSpan.Zero;

    /// <summary>The limiter's settings; nothing queues: a request over the limit is answered 429 at once.</summary>
    internal System.Threading.RateLimiting.FixedWindowRateLimiterOptions FixedWindow() =>
        new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };
}
