namespace PaperNotes.Server.Sync;

/// <summary>Live sync settings (<c>Sync</c> section).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>A commit with more changes than this is pushed with an empty <c>changes</c>: clients pull it.</summary>
    public int MaxInlineChanges { get; set; } = 100;

    /// <summary>A commit whose changes serialize to more JSON bytes than this is pushed empty too.</summary>
    public int MaxInlineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Keep-alive pings; a Manifest V3 service worker is stopped after 30 s without traffic, so well under that.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Negotiate requests one client address may make; every device reconnecting after a restart negotiates once,
    /// so this leaves room for many devices behind one address.
    /// </summary>
    public Api.RateLimitOptions NegotiateRateLimit { get; set; } = new() { PermitLimit = 120 };
}
