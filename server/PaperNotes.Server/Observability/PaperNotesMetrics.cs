using System.Diagnostics.Metrics;

namespace PaperNotes.Server.Observability;

/// <summary>
/// The <c>papernotes_*</c> instruments (meter <see cref="MeterName"/>). Features call these methods at the moment the
/// thing happened; an instrument nobody listens to costs a branch, so they are always registered.
/// </summary>
public sealed class PaperNotesMetrics
{
    public const string MeterName = "PaperNotes";

    private readonly Counter<long> _commits;
    private readonly Histogram<int> _writesPerCommit;
    private readonly Histogram<double> _commitDuration;
    private readonly UpDownCounter<long> _syncConnections;
    private readonly Counter<long> _pushes;
    private readonly Counter<long> _captures;
    private readonly Counter<long> _capturedPapers;
    private readonly Counter<long> _signIns;

    public PaperNotesMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _commits = meter.CreateCounter<long>("papernotes.commits", "{commit}",
            "Durable transactions committed (each is one fsync of the log).");
        _writesPerCommit = meter.CreateHistogram("papernotes.commit.writes", "{write}",
            "Writes grouped into one commit.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
        _commitDuration = meter.CreateHistogram("papernotes.commit.duration", "s",
            "Time from commit to the log being on the device.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
            });
        _syncConnections = meter.CreateUpDownCounter<long>("papernotes.sync.connections", "{connection}",
            "Open live-sync hub connections.");
        _pushes = meter.CreateCounter<long>("papernotes.sync.pushes", "{push}",
            "Library changes pushed to a library's hub group.");
        _captures = meter.CreateCounter<long>("papernotes.captures", "{capture}",
            "Hugging Face Papers pages parsed.");
        _capturedPapers = meter.CreateCounter<long>("papernotes.captured.papers", "{paper}",
            "Papers read from captured pages.");
        _signIns = meter.CreateCounter<long>("papernotes.sign_ins", "{sign-in}",
            "Log-in attempts on the account pages, by method and result.");
    }

    /// <summary>One durable commit of <paramref name="writes"/> writes whose commit and fsync took <paramref name="duration"/>.</summary>
    public void Committed(int writes, TimeSpan duration)
    {
        _commits.Add(1);
        _writesPerCommit.Record(writes);
        _commitDuration.Record(duration.TotalSeconds);
    }

    public void SyncConnected() => _syncConnections.Add(1);

    public void SyncDisconnected() => _syncConnections.Add(-1);

    public void Pushed() => _pushes.Add(1);

    public void CaptureParsed(int papers)
    {
        _captures.Add(1);
        _capturedPapers.Add(papers);
    }

    /// <summary>A log-in attempt: <paramref name="method"/> <c>password</c> or a provider's name; the result's name in snake case.</summary>
    public void SignIn<TResult>(string method, TResult result) where TResult : struct, Enum =>
        _signIns.Add(1, new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("result", SnakeCase(result.ToString())));

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
