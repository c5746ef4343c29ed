using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperNotes.Server.Capture;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>
/// The pages the capture tests read, all in <c>tests/fixtures/</c> (its README says where each came from): the real
/// trending page, the seed text with the search page generated from it, and the hand-built paper page.
/// </summary>
internal static partial class CaptureFixtures
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string TrendingPagePath => TestFixture("hf-trending-2026.html");
    public static string SeedPath => TestFixture(Path.Combine("seed", "000_8421e72efcaf1e54.txt"));
    public static string TestFixture(string name) => Path.Combine(RepositoryRoot, "tests", "fixtures", name);

    public static string TrendingPage => File.ReadAllText(TrendingPagePath);
    public static string SearchPage => File.ReadAllText(TestFixture("hf-search-seed.html"));
    public static string PaperPage => File.ReadAllText(TestFixture("hf-paper-page.html"));

    public const string TrendingUrl = "https://huggingface.co/papers/trending";
    public const string SearchUrl = "https://huggingface.co/papers?q=learning";
    public const string PaperUrl = "https://huggingface.co/papers/2412.20138";

    /// <summary>Day of the "capture" in parser tests: listings without a year must not take it from the clock.</summary>
    public static readonly DateOnly Today = new(2026, 11, 27);

    public static IReadOnlyList<CapturedPaper> Parse(string html, string url)
    {
        Assert.True(PapersPageAddress.TryParse(url, out var page));
        return new HuggingFacePapersParser().Parse(html, page, Today);
    }

    /// <summary>The decoded <c>data-props</c> of a component, read independently of the parser under test.</summary>
    public static JsonElement EmbeddedProps(string html, string target)
    {
        var match = Regex.Match(html, $"data-target=\"{target}\" data-props=\"([^\"]*)\"");
        Assert.True(match.Success, $"the page embeds {target}");
        return JsonDocument.Parse(WebUtility.HtmlDecode(match.Groups[1].Value)).RootElement.Clone();
    }

    /// <summary>The page with the component's embedded JSON removed, so only the DOM is left to read.</summary>
    public static string WithoutEmbeddedJson(string html, string target)
    {
        var stripped = Regex.Replace(html, $"(data-target=\"{target}\") data-props=\"[^\"]*\"", "$1");
        Assert.NotEqual(html.Length, stripped.Length);
        return stripped;
    }

    /// <summary>Whitespace collapsed as the capture does, for comparing with raw page data.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "PaperNotes.sln"))) return folder.FullName;
        throw new InvalidOperationException("Tests run from inside the repository (no PaperNotes.sln above " + AppContext.BaseDirectory + ").");
    }
}
