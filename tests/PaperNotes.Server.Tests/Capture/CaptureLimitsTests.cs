using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PaperNotes.Server.Tests.Collections;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;
using static PaperNotes.Server.Tests.Capture.CaptureFixtures;

namespace PaperNotes.Server.Tests.Capture;

/// <summary>
/// What a capture may do to others and cost the server (docs/api.md, "Captures"): a user's capture changes only their
/// own view of a paper, reading a page is linear and time-bounded, and papers per page and per day are bounded.
/// </summary>
public sealed class CaptureLimitsTests
{
    /// <summary>Far above what a bounded capture takes; the unbounded reader took minutes on these pages.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private const string PoisonedPage = """
        <div data-target="PaperContent" data-props="{&quot;paper&quot;:{&quot;id&quot;:&quot;2412.20138&quot;,&quot;title&quot;:&quot;FAKE TITLE&quot;,&quot;summary&quot;:&quot;Poisoned abstract&quot;,&quot;authors&quot;:[{&quot;name&quot;:&quot;Mallory&quot;}],&quot;projectPage&quot;:&quot;https://evil.example&quot;}}"></div>
        """;

    private static Task<HttpResponseMessage> Capture(HttpClient client, string url, string html) =>
        client.PostAsJsonAsync("/api/captures", new { url, html }).WaitAsync(Patience);

    private static async Task<JsonElement> PaperAsync(HttpClient client, string id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/papers/{id}");

    [Fact]
    public async Task OneUsersCaptureNeverChangesWhatAnotherUserSees()
    {
        await using var app = new PaperNotesApplication();
        var alice = await app.CreateClientAsync("alice");
        var bob = await app.CreateClientAsync("bob");
        var carol = await app.CreateClientAsync("carol");
        var mallory = await app.CreateClientAsync("mallory");
        const string realTitle = "TradingAgents: Multi-Agents LLM Financial Trading Framework";

        Assert.Equal(HttpStatusCode.OK, (await Capture(alice, PaperUrl, PaperPage)).StatusCode);
        // Before anyone agrees, alice sees her own capture and nobody else sees it.
        Assert.Equal(realTitle, (await PaperAsync(alice, "2412.20138")).GetProperty("title").GetString());
        await (await carol.GetAsync("/api/papers/2412.20138")).AssertProblemAsync(HttpStatusCode.NotFound, "paper-not-found");

        Assert.Equal(HttpStatusCode.OK, (await Capture(bob, PaperUrl, PaperPage)).StatusCode);
        var poisoned = await Capture(mallory, PaperUrl, PoisonedPage);
        Assert.Equal("FAKE TITLE", (await poisoned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("papers")[0].GetProperty("title").GetString());

        foreach (var reader in new[] { alice, bob, carol })
        {
            var paper = await PaperAsync(reader, "2412.20138");
            Assert.Equal(realTitle, paper.GetProperty("title").GetString());
            Assert.DoesNotContain("Mallory", paper.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
            Assert.NotEqual("https://evil.example", paper.GetProperty("projectPage").GetString());
        }
        // Only mallory's own view shows what she sent.
        Assert.Equal("FAKE TITLE", (await PaperAsync(mallory, "2412.20138")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task PapersOnlyOneUserCapturedStayTheirs()
    {
        await using var app = new PaperNotesApplication();
        var mallory = await app.CreateClientAsync("mallory");
        var carol = await app.CreateClientAsync("carol");

        var listing = Listing(50, inOneArticle: false);
        Assert.Equal(HttpStatusCode.OK, (await Capture(mallory, SearchUrl, listing)).StatusCode);

        Assert.Equal("Made-up paper 7", (await PaperAsync(mallory, "2401.00007")).GetProperty("title").GetString());
        await (await carol.GetAsync("/api/papers/2401.00007")).AssertProblemAsync(HttpStatusCode.NotFound, "paper-not-found");
    }

    [Fact]
    public async Task APaperACollaboratorSharedShowsAsTheySeeItToTheCollectionsMembersOnly()
    {
        await using var app = new PaperNotesApplication();
        var alice = await app.KnownUserAsync("alice");
        var bob = await app.KnownUserAsync("bob");
        var carol = await app.KnownUserAsync("carol");
        const string realTitle = "TradingAgents: Multi-Agents LLM Financial Trading Framework";
        Assert.Equal(HttpStatusCode.OK, (await Capture(alice, PaperUrl, PaperPage)).StatusCode);

        var collection = (await alice.CreateCollectionAsync("Reading group")).GetProperty("id").GetString()!;
        await alice.InviteAsync(collection, "bob", "viewer");
        await alice.PutItemAsync(collection, "2412.20138", new { note = "" });

        // Bob never captured it: a member sees the paper as the member who shared it sees it; a stranger does not.
        Assert.Equal(realTitle, (await PaperAsync(bob, "2412.20138")).GetProperty("title").GetString());
        await (await carol.GetAsync("/api/papers/2412.20138")).AssertProblemAsync(HttpStatusCode.NotFound, "paper-not-found");
    }

    [Fact]
    public async Task APageWithMorePapersThanACaptureTakesIs422AndWritesNothing()
    {
        await using var app = new PaperNotesApplication();
        var mallory = await app.CreateClientAsync("mallory");

        var response = await Capture(mallory, SearchUrl, Listing(4000, inOneArticle: true));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "too-many-papers");
        Assert.Equal(200, (int)problem["maxPapers"]!);
        await (await mallory.GetAsync("/api/papers/2401.00001")).AssertProblemAsync(HttpStatusCode.NotFound, "paper-not-found");
    }

    [Fact]
    public async Task ReadingIsLinearInThePageEvenWith6000PaperLinksInOneArticle()
    {
        // Limits lifted so that every link is read: the old reader walked the whole article once per link.
        await using var app = new PaperNotesApplication()
            .WithSetting("Capture:MaxPapersPerPage", "10000")
            .WithSetting("Capture:MaxPapersPerUserPerDay", "10000")
            .WithSetting("Capture:TimeBudget", "00:00:30");
        var alice = await app.CreateClientAsync("alice");

        var response = await Capture(alice, SearchUrl, Listing(6000, inOneArticle: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("papers").GetArrayLength());
    }

    [Theory]
    [InlineData("nested")]
    [InlineData("nested-paragraphs")]
    [InlineData("links")]
    public async Task AFourMegabytePageOfAnyShapeIsAnsweredWithinTheBudget(string shape)
    {
        await using var app = new PaperNotesApplication();
        var alice = await app.CreateClientAsync("alice");
        var html = FourMegabytes(shape);

        var response = await Capture(alice, SearchUrl, html);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity,
            $"{shape}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task AUsersCapturesPerDayAreBounded()
    {
        await using var app = new PaperNotesApplication().WithSetting("Capture:MaxPapersPerUserPerDay", "60");
        var alice = await app.CreateClientAsync("alice");
        var bob = await app.CreateClientAsync("bob");

        Assert.Equal(HttpStatusCode.OK, (await Capture(alice, SearchUrl, Listing(50, inOneArticle: false))).StatusCode);
        var over = await Capture(alice, SearchUrl, Listing(50, inOneArticle: false));
        var problem = await over.AssertProblemAsync(HttpStatusCode.TooManyRequests, "capture-quota-exceeded");
        Assert.Equal(60, (int)problem["maxPapersPerDay"]!);
        // Another user's day is their own, and the next day starts afresh.
        Assert.Equal(HttpStatusCode.OK, (await Capture(bob, SearchUrl, Listing(50, inOneArticle: false))).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await app.CreateClientAsync("alice-next-day");
        Assert.Equal(HttpStatusCode.OK, (await Capture(nextDay, SearchUrl, Listing(50, inOneArticle: false))).StatusCode);
    }

    /// <summary>A listing of made-up papers: one card per paper, or every link in one article (no card at all).</summary>
    private static string Listing(int papers, bool inOneArticle)
    {
        var html = new StringBuilder("<html><body>");
        if (inOneArticle) html.Append("<article><div>");
        for (var i = 1; i <= papers; i++)
        {
            var card = $"<h3><a href=\"/papers/2401.{i:D5}\">Made-up paper {i}</a></h3><p>An abstract of paper {i}.</p>";
            html.Append(inOneArticle ? card : $"<article><div>{card}</div></article>");
        }
        return html.Append(inOneArticle ? "</div></article></body></html>" : "</body></html>").ToString();
    }

    private static string FourMegabytes(string shape)
    {
        const int size = 4 * 1024 * 1024 - 1024;
        var html = new StringBuilder("<html><body><article><div><h3><a href=\"/papers/2401.00001\">A paper</a></h3>", size + 1024);
        var unit = shape switch
        {
            "nested" => "<div>",
            "nested-paragraphs" => "<p><button>",
            _ => "<h3><a href=\"/papers/2401.00002\">Same paper again</a></h3>",
        };
        while (html.Length + unit.Length < size) html.Append(unit);
        return html.ToString();
    }
}
