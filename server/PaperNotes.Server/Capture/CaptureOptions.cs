namespace PaperNotes.Server.Capture;

/// <summary>Bounds on what one capture, and one user's captures, may cost (<c>Capture</c> section).</summary>
public sealed class CaptureOptions
{
    public const string Section = "Capture";

    /// <summary>Most papers one page may hold; a page with more is refused (real listings show at most about 100).</summary>
    public int MaxPapersPerPage { get; set; } = 200;

    /// <summary>Most papers one user's captures may take in a UTC day; more is 429 until the next day.</summary>
    public int MaxPapersPerUserPerDay { get; set; } = 5000;

    /// <summary>Longest one capture may spend reading its page; real pages take tens of milliseconds.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(2);
}
