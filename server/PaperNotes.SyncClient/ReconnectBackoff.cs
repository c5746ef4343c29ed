using Microsoft.AspNetCore.SignalR.Client;

namespace PaperNotes.SyncClient;

/// <summary>
/// Exponential backoff with full jitter, capped, never giving up: a device should come back whenever the server
/// does. Jitter spreads a thousand devices reconnecting after a server restart.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan maxDelay) : IRetryPolicy
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    public TimeSpan Delay(long attempt)
    {
        if (attempt == 0) return TimeSpan.Zero;
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
