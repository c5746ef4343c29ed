using OpenIddict.Abstractions;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>
/// Deletes dead token entries and authorizations every hour. Only entries older than the refresh-token lifetime go:
/// a spent refresh token must stay on record as long as it could be replayed, so that reuse is recognised.
/// </summary>
internal sealed class ExpiredEntriesPruner(IServiceProvider services, ILogger<ExpiredEntriesPruner> logger, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First run one interval after start, so that start-up stays quick.
        using var timer = new PeriodicTimer(Interval, clock);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Pruning expired sign-in entries failed; next try in {Interval}.", Interval);
            }
        }
    }

    /// <summary>False once the app stops, instead of an exception the host would log as a failure.</summary>
    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    public async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var threshold = clock.GetUtcNow() - AuthExtensions.RefreshTokenLifetime;
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
        if (tokens + authorizations > 0)
            logger.LogInformation("Pruned {Tokens} token entries and {Authorizations} authorizations.", tokens, authorizations);
    }
}
