using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Papers;

/// <summary>The catalog's merge rule, over the app's real store: a user's captures refresh their view of a paper, never erase it.</summary>
public class PaperCatalogTests
{
    /// <summary>The one user whose captures these tests merge and read back.</summary>
    private const string Reader = "reader";
    private const int Unlimited = int.MaxValue;

    [Fact]
    public async Task APoorerCaptureKeepsEveryFieldItDoesNotShow()
    {
        await using var app = new PaperNotesApplication();
        var catalog = app.Services.GetRequiredService<PaperCatalog>();
        await catalog.SaveAsync(Reader, [new CapturedPaper("2403.12345", "A title", "The abstract.", AbstractIsComplete: true,
            Authors: ["Ada", "Alan"], AuthorCount: 2, Organization: "Lab", PublishedAt: new DateOnly(2024, 3, 18), Upvotes: 5,
            Comments: 1, GithubRepo: "https://github.com/a/b", ProjectPage: "https://a.example", Thumbnail: "https://t.example/x.png")],
            Unlimited, CancellationToken.None);

        var merged = Assert.Single((await catalog.SaveAsync(Reader, [new CapturedPaper("2403.12345", Upvotes: 9)], Unlimited, CancellationToken.None))!);

        Assert.Equal(new Paper("2403.12345", "A title", "The abstract.", merged.Authors, 2, "Lab", new DateOnly(2024, 3, 18), 9, 1,
            "https://github.com/a/b", "https://a.example", "https://t.example/x.png", "https://huggingface.co/papers/2403.12345",
            merged.CapturedAt), merged);
        Assert.Equal(["Ada", "Alan"], merged.Authors);
        Assert.Equivalent(merged, (await catalog.FindAsync("2403.12345", Reader)), strict: true);
    }

    [Fact]
    public async Task ACardsTextNeverReplacesACompleteAbstractButFillsAnEmptyOne()
    {
        await using var app = new PaperNotesApplication();
        var catalog = app.Services.GetRequiredService<PaperCatalog>();

        await catalog.SaveAsync(Reader, [new CapturedPaper("2403.00001", Abstract: "An AI summary.")], Unlimited, CancellationToken.None);
        Assert.Equal("An AI summary.", (await catalog.FindAsync("2403.00001", Reader))!.Abstract);
        await catalog.SaveAsync(Reader, [new CapturedPaper("2403.00001", Abstract: "The real abstract.", AbstractIsComplete: true)], Unlimited, CancellationToken.None);
        await catalog.SaveAsync(Reader, [new CapturedPaper("2403.00001", Abstract: "Another AI summary.")], Unlimited, CancellationToken.None);

        Assert.Equal("The real abstract.", (await catalog.FindAsync("2403.00001", Reader))!.Abstract);
    }

    [Fact]
    public async Task OldStyleIdsAreServedWithTheirSlash()
    {
        await using var app = new PaperNotesApplication();
        var client = await app.CreateClientAsync("alice");
        var alice = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("userId").GetString()!;
        await app.Services.GetRequiredService<PaperCatalog>().SaveAsync(alice, [new CapturedPaper("hep-th/9901001", "Strings")], Unlimited, CancellationToken.None);

        var response = await client.GetStringAsync("/api/papers/hep-th/9901001");

        Assert.Contains("\"title\":\"Strings\"", response);
    }
}
