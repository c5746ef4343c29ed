using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Capture;
using PaperNotes.Server.Tests.Infrastructure;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary><c>POST /api/captures</c> and <c>GET /api/papers/{id}</c> over the real app and a real LiteDB file.</summary>
public class CaptureApiTests
{
    private static readonly string[] SpecFields =
    [
        "id", "title", "abstract", "authors", "authorCount", "organization", "publishedAt", "upvotes", "comments",
        "githubRepo", "projectPage", "thumbnail", "sourceUrl", "capturedAt",
    ];

    private static async Task<HttpResponseMessage> Capture(HttpClient client, string url, string html) =>
        await client.PostAsJsonAsync("/api/captures", new { url, html });

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task CaptureAnswersThePagesPapersInPageOrderWithEveryField()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await Capture(client, TrendingUrl, TrendingPage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var papers = (await Json(response)).GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal(Parse(TrendingPage, TrendingUrl).Select(p => p.Id), papers.Select(p => p.GetProperty("id").GetString()));
        Assert.All(papers, p => Assert.Equal(SpecFields.Order(), p.EnumerateObject().Select(f => f.Name).Order()));
        var first = papers[0];
        Assert.Equal("2610.05608", first.GetProperty("id").GetString());
        Assert.Equal("2026-10-04", first.GetProperty("publishedAt").GetString());
        Assert.Equal("Kandinsky Lab", first.GetProperty("organization").GetString());
        Assert.Equal("https://huggingface.co/papers/2610.05608", first.GetProperty("sourceUrl").GetString());
    }

    [Fact]
    public async Task CapturedPapersAreInTheCatalog()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");
        await Capture(client, PaperUrl, PaperPage);

        var paper = await client.GetFromJsonAsync<JsonElement>("/api/papers/2412.20138");

        Assert.Equal("TradingAgents: Multi-Agents LLM Financial Trading Framework", paper.GetProperty("title").GetString());
        Assert.Equal(4, paper.GetProperty("authors").GetArrayLength());
    }

    [Fact]
    public async Task UnknownPaperIs404Problem()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await client.GetAsync("/api/papers/2501.99999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://papernotes.dev/problems/paper-not-found", (await Json(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AListingCardNeverErasesWhatThePaperPageFilled()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");
        await Capture(client, PaperUrl, PaperPage);
        // The trending cards, read from the DOM alone, show an AI summary, an author count and no project page.
        var trendingCards = WithoutEmbeddedJson(TrendingPage, "DailyPapers");

        var response = await Capture(client, TrendingUrl, trendingCards);

        var fromListing = (await Json(response)).GetProperty("papers").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "2412.20138");
        var stored = await client.GetFromJsonAsync<JsonElement>("/api/papers/2412.20138");
        foreach (var paper in new[] { fromListing, stored })
        {
            Assert.StartsWith("Significant progress has been made", paper.GetProperty("abstract").GetString());
            Assert.Equal(4, paper.GetProperty("authors").GetArrayLength());
            Assert.Equal("https://tauricresearch.github.io/TradingAgents/", paper.GetProperty("projectPage").GetString());
            Assert.Equal(2, paper.GetProperty("comments").GetInt32());
        }
    }

    [Fact]
    public async Task HtmlOverFourMegabytesIs413Problem()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await Capture(client, TrendingUrl, new string('x', CaptureApi.MaxHtmlBytes + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("https://papernotes.dev/problems/page-too-large", (await Json(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task HtmlOfNearlyFourMegabytesIsTaken()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");
        // Quotes double in JSON ("\""), so the body is well over 4 MB: the route's body limit must allow it.
        var html = TrendingPage + new string('"', CaptureApi.MaxHtmlBytes - System.Text.Encoding.UTF8.GetByteCount(TrendingPage));

        var response = await Capture(client, TrendingUrl, html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.RequestMessage!.Content!.Headers.ContentLength is null or > CaptureApi.MaxHtmlBytes * 3 / 2);
        Assert.Equal(50, (await Json(response)).GetProperty("papers").GetArrayLength());
    }

    [Theory]
    [InlineData("https://huggingface.co/models")]
    [InlineData("https://huggingface.co/papersomething")]
    [InlineData("https://example.com/papers/2412.20138")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    public async Task APageThatIsNotHuggingFacePapersIs422Problem(string url)
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await Capture(client, url, TrendingPage);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("https://papernotes.dev/problems/not-a-papers-page", (await Json(response)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\uFFFD<<<>>>&&&")]
    [InlineData("<html><body><h1>Nothing here</h1></body></html>")]
    public async Task GarbageGivesAnEmptyList(string html)
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await Capture(client, "https://huggingface.co/papers/date/2025-10-28", html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await Json(response)).GetProperty("papers").GetArrayLength());
    }

    [Fact]
    public async Task MissingHtmlIsValidationProblem()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");

        var response = await client.PostAsJsonAsync("/api/captures", new { url = TrendingUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("html", out _));
    }

    [Fact]
    public async Task CapturingNeedsASignedInCaller()
    {
        await using var app = new PaperNotesApplication();
        var anonymous = app.CreateClient();

        var response = await Capture(anonymous, TrendingUrl, TrendingPage);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
