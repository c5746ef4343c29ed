using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>
/// Deletes dead token entries and authorizations every hour. Only entries older than the refresh-token lifetime go:
/// a spent refresh token must stay on record as long as it could be replayed, so that reuse is recognised. Sign-ins
/// abandoned before their code was redeemed go after <see cref="AbandonedSignInAge"/>: nothing was ever issued from them.
/// </summary>
internal sealed class ExpiredEntriesPruner(IServiceProvider services, ILogger<ExpiredEntriesPruner> logger, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Well past the 5-minute life of an authorization code, after which no token can come of the sign-in.</summary>
    public static readonly TimeSpan AbandonedSignInAge = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First run one interval after start, so that start-up stays quick. The wait throws when the app stops: the
        // host takes a cancelled background service for a clean stop, not a failure.
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
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

    public async Task PruneAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var threshold = clock.GetUtcNow() - AuthExtensions.RefreshTokenLifetime;
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
        // LiteDB's store prunes abandoned sign-ins after an hour; on PostgreSQL, OpenIddict's EF Core store prunes
        // them with the rest (ad-hoc authorizations without tokens) after the refresh-token lifetime.
        var abandoned = scope.ServiceProvider.GetService<IOpenIddictAuthorizationStore<LiteDbAuthorization>>()
            is LiteDbAuthorizationStore<LiteDbAuthorization> store
            ? await store.PruneAbandonedAsync(clock.GetUtcNow() - AbandonedSignInAge, ct)
            : 0;
        if (tokens + authorizations + abandoned > 0)
            logger.LogInformation("Pruned {Tokens} token entries, {Authorizations} authorizations and {Abandoned} abandoned sign-ins.",
                tokens, authorizations, abandoned);
    }
}
