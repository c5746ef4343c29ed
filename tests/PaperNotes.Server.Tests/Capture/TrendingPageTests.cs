using System.Text.Json;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>The real trending page (October 2026), compared with the page's own embedded JSON.</summary>
public class TrendingPageTests
{
    private static readonly JsonElement[] Entries =
        [.. EmbeddedProps(TrendingPage, "DailyPapers").GetProperty("dailyPapers").EnumerateArray()];

    [Fact]
    public void EveryPaperMatchesTheEmbeddedJson()
    {
        var papers = Parse(TrendingPage, TrendingUrl);

        Assert.Equal(50, Entries.Length);
        Assert.Equal(Entries.Length, papers.Count);
        foreach (var (entry, paper) in Entries.Zip(papers))
        {
            var json = entry.GetProperty("paper");
            Assert.Equal(json.GetProperty("id").GetString(), paper.Id);
            Assert.Equal(Collapse(json.GetProperty("title").GetString()!), paper.Title);
            Assert.Equal(json.GetProperty("authors").EnumerateArray().Select(a => Collapse(a.GetProperty("name").GetString()!)), paper.Authors!);
            Assert.Equal(json.GetProperty("upvotes").GetInt32(), paper.Upvotes);
            Assert.Equal(entry.GetProperty("numComments").GetInt32(), paper.Comments);
            Assert.Equal(json.GetProperty("githubRepo").GetString(), paper.GithubRepo);
            Assert.Equal(entry.GetProperty("thumbnail").GetString(), paper.Thumbnail);
            Assert.Equal(DateOnly.FromDateTime(json.GetProperty("publishedAt").GetDateTime()), paper.PublishedAt);
            Assert.Equal(Collapse(json.GetProperty("summary").GetString()!), paper.Abstract);
            Assert.True(paper.AbstractIsComplete);
        }
    }

    [Fact]
    public void TitlesAndAbstractsComeWithWhitespaceNormalised()
    {
        var paged = Parse(TrendingPage, TrendingUrl).Single(p => p.Id == "2309.06180");

        Assert.Equal("Efficient Memory Management for Large Language Model Serving with PagedAttention", paged.Title);
        Assert.All(Parse(TrendingPage, TrendingUrl), p => Assert.DoesNotContain('\n', p.Abstract!));
    }

    [Fact]
    public void WithoutTheEmbeddedJsonTheCardsGiveTheSamePapers()
    {
        var fromJson = Parse(TrendingPage, TrendingUrl);
        var fromCards = Parse(WithoutEmbeddedJson(TrendingPage, "DailyPapers"), TrendingUrl);

        Assert.Equal(fromJson.Select(p => p.Id), fromCards.Select(p => p.Id));
        foreach (var ((json, card), entry) in fromJson.Zip(fromCards).Zip(Entries))
        {
            Assert.Equal(json.Title, card.Title);
            Assert.Equal(json.Upvotes, card.Upvotes);
            Assert.Equal(json.PublishedAt, card.PublishedAt);
            Assert.Equal(json.GithubRepo, card.GithubRepo);
            // A card shows either "N authors" or its organisation.
            if (json.Organization is null) Assert.Equal(json.AuthorCount, card.AuthorCount);
            else Assert.Equal(json.Organization, card.Organization);
            // Video cards have no thumbnail image; the others show the same one.
            if (card.Thumbnail is not null) Assert.Equal(json.Thumbnail, card.Thumbnail);
            // Cards show the AI summary where there is one, so their text never counts as the complete abstract.
            var shown = entry.GetProperty("paper").TryGetProperty("ai_summary", out var summary) ? summary : entry.GetProperty("paper").GetProperty("summary");
            Assert.Equal(Collapse(shown.GetString()!), card.Abstract);
            Assert.False(card.AbstractIsComplete);
        }
    }
}
