namespace PaperNotes.Server.Papers;

/// <summary>A catalog paper as the API shows it (SPEC §1). Fields the captures never saw are null.</summary>
public sealed record Paper(
    string Id,
    string? Title,
    string? Abstract,
    IReadOnlyList<string> Authors,
    int? AuthorCount,
    string? Organization,
    DateOnly? PublishedAt,
    int? Upvotes,
    int? Comments,
    string? GithubRepo,
    string? ProjectPage,
    string? Thumbnail,
    string SourceUrl,
    DateTimeOffset CapturedAt);

/// <summary>What one page says about a paper; null where the page does not say.</summary>
/// <param name="AbstractIsComplete">
/// True when <paramref name="Abstract"/> is the paper's own abstract (embedded JSON, a paper page). Listing cards may
/// show an AI summary in its place, so a card's text never replaces a complete abstract.
/// </param>
public sealed record CapturedPaper(
    string Id,
    string? Title = null,
    string? Abstract = null,
    bool AbstractIsComplete = false,
    IReadOnlyList<string>? Authors = null,
    int? AuthorCount = null,
    string? Organization = null,
    DateOnly? PublishedAt = null,
    int? Upvotes = null,
    int? Comments = null,
    string? GithubRepo = null,
    string? ProjectPage = null,
    string? Thumbnail = null);
