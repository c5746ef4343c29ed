using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>A paper's own page, hand-built in tests/fixtures/hf-paper-page.html on the real markup (see its header).</summary>
public class PaperPageTests
{
    private static readonly string[] FirstAuthors = ["Yijia Xiao", "Edward Sun", "Di Luo", "Wei Wang"];

    [Fact]
    public void EmbeddedJsonGivesTheWholePaper()
    {
        var paper = Assert.Single(Parse(PaperPage, PaperUrl));

        Assert.Equal("2412.20138", paper.Id);
        Assert.Equal("TradingAgents: Multi-Agents LLM Financial Trading Framework", paper.Title);
        Assert.Equal(FirstAuthors, paper.Authors!);
        Assert.Equal(4, paper.AuthorCount);
        Assert.Equal(new DateOnly(2024, 12, 28), paper.PublishedAt);
        Assert.Equal(149, paper.Upvotes);
        Assert.Equal(2, paper.Comments);
        Assert.Equal("https://github.com/tauricresearch/tradingagents", paper.GithubRepo);
        Assert.Equal("https://tauricresearch.github.io/TradingAgents/", paper.ProjectPage);
        Assert.Equal("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2412.20138.png", paper.Thumbnail);
        Assert.True(paper.AbstractIsComplete);
    }

    [Fact]
    public void AbstractKeepsItsParagraphsAndDropsArxivLineWraps()
    {
        var paper = Assert.Single(Parse(PaperPage, PaperUrl));

        var paragraphs = paper.Abstract!.Split("\n\n");
        Assert.Equal(2, paragraphs.Length);
        Assert.StartsWith("Significant progress has been made in automated problem-solving using societies of agents", paragraphs[0]);
        Assert.StartsWith("TradingAgents proposes a novel stock trading framework", paragraphs[1]);
        Assert.All(paragraphs, p => Assert.DoesNotContain('\n', p));
    }

    [Fact]
    public void WithoutTheEmbeddedJsonTheDomGivesTheSamePaper()
    {
        var fromJson = Assert.Single(Parse(PaperPage, PaperUrl));
        var fromDom = Assert.Single(Parse(WithoutEmbeddedJson(PaperPage, "PaperContent"), PaperUrl));

        // The DOM has no comment count; everything else, the AI summary excluded, reads the same.
        Assert.Equal(fromJson with { Comments = null, Authors = null }, fromDom with { Authors = null });
        Assert.Equal(fromJson.Authors!, fromDom.Authors!);
    }
}
