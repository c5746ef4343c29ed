namespace PaperNotes.Server.Capture;

/// <summary>
/// What reading one page may take: <see cref="MaxPapers"/> papers, and time until the token is cancelled. Readers call
/// <see cref="Check"/> inside every loop over the page, so a hostile page costs at most the capture's time budget.
/// </summary>
internal sealed class PageBudget(int maxPapers, CancellationToken cancellationToken)
{
    private int _steps;

    public int MaxPapers { get; } = maxPapers;

    /// <summary>Throws once the time is up; looks at the token every 1,024 steps so that checking stays cheap.</summary>
    public void Check()
    {
        if ((++_steps & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
    }
}
