using System.Diagnostics;
using System.Text.Json;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>
/// A search-results page generated from the seed text (tests/fixtures/generate-search-page.mjs): 79 cards with no
/// embedded JSON, highlighted query words in titles, four cards without a metadata line, one with an organisation,
/// trailing comment counts and dates without a year.
/// </summary>
public class SearchPageTests
{
    private sealed record ExpectedPaper(string Id, string Title, string Abstract, int? AuthorCount, string? Organization,
        DateOnly? PublishedAt, int? Comments);

    private static readonly string ExpectedPath = TestFixture("hf-search-seed.expected.json");

    private static readonly ExpectedPaper[] Expected = JsonSerializer.Deserialize<ExpectedPaper[]>(
        File.ReadAllText(ExpectedPath), JsonSerializerOptions.Web)!;

    [Fact]
    public void ParsesBackToExactlyTheSeedsPapersInOrder()
    {
        var papers = Parse(SearchPage, SearchUrl);

        Assert.Equal(79, Expected.Length);
        Assert.Equal(Expected.Select(p => p.Id), papers.Select(p => p.Id));
        Assert.Equal(Expected.Select(p => p.Title), papers.Select(p => p.Title));
        Assert.Equal(Expected.Select(p => p.Abstract), papers.Select(p => p.Abstract));
        Assert.Equal(Expected.Select(p => p.AuthorCount), papers.Select(p => p.AuthorCount));
        Assert.Equal(Expected.Select(p => p.Organization), papers.Select(p => p.Organization));
        Assert.Equal(Expected.Select(p => p.PublishedAt), papers.Select(p => p.PublishedAt));
        Assert.Equal(Expected.Select(p => p.Comments), papers.Select(p => p.Comments));
    }

    [Fact]
    public void CardsWithoutMetadataOrWithAnOrganisationKeepTheirOtherFields()
    {
        var papers = Parse(SearchPage, SearchUrl);

        var bare = papers.Where(p => p.PublishedAt is null).ToList();
        Assert.Equal(4, bare.Count);
        Assert.All(bare, p => Assert.True(p is { Title: not null, Abstract: not null, AuthorCount: null, Organization: null }));
        var organised = Assert.Single(papers, p => p.Organization is not null);
        Assert.Null(organised.AuthorCount);
        // "-" in the upvote box means the page shows no count: unknown, not zero, so it never erases a known count.
        Assert.All(papers, p => Assert.Null(p.Upvotes));
    }

    [Fact]
    public void DatesWithoutAYearTakeTheListingsYearNotTodays()
    {
        var papers = Parse(SearchPage, SearchUrl);

        Assert.Contains(papers, p => p.PublishedAt == new DateOnly(2025, 10, 13));
        Assert.DoesNotContain(papers, p => p.PublishedAt?.Year == Today.Year);
    }

    [FactWhenNodeIsInstalled]
    public async Task GeneratedFilesAreCurrentWithTheSeedAndGenerator()
    {
        var generator = new Uri(TestFixture("generate-search-page.mjs")).AbsoluteUri;
        var script = $$"""
            import { readFileSync } from 'node:fs';
            import { parseSeed, renderPage, renderExpected } from '{{generator}}';
            const papers = parseSeed(readFileSync(process.argv[1], 'utf8'));
            process.stdout.write(JSON.stringify({ html: renderPage(papers), expected: renderExpected(papers) }));
            """;
        var node = Process.Start(new ProcessStartInfo("node", ["--input-type=module", "-e", script, SeedPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(node.ExitCode == 0, await errors);
        var generated = JsonDocument.Parse(await output).RootElement;
        const string rerun = "run `node tests/fixtures/generate-search-page.mjs`";
        Assert.True(generated.GetProperty("html").GetString() == SearchPage, $"tests/fixtures/hf-search-seed.html is stale: {rerun}.");
        Assert.True(generated.GetProperty("expected").GetString() == File.ReadAllText(ExpectedPath),
            $"tests/fixtures/hf-search-seed.expected.json is stale: {rerun}.");
    }
}

/// <summary>A fact that runs only where <c>node</c> is installed (CI and dev machines have it).</summary>
public sealed class FactWhenNodeIsInstalledAttribute : FactAttribute
{
    public FactWhenNodeIsInstalledAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(folder => File.Exists(Path.Combine(folder, "node")) || File.Exists(Path.Combine(folder, "node.exe")));
        if (!onPath) Skip = "node is not installed";
        else if (!File.Exists(SeedPath)) Skip = "the seed text tests/fixtures/seed/ is missing";
    }
}
