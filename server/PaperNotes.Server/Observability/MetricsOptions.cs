namespace PaperNotes.Server.Observability;

/// <summary>Where <c>/metrics</c> answers (<c>Metrics</c> section, SPEC §7).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Off: no meter provider and no <c>/metrics</c> at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When set, <c>/metrics</c> answers only on connections to this local port (add it to the server's URLs and do
    /// not publish it); other ports answer 404. Unset: every port the server listens on.
    /// </summary>
    public int? Port { get; set; }

    public string Path { get; set; } = "/metrics";
}
