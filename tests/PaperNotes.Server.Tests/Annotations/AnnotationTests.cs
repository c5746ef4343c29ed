using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Annotations;

public sealed class AnnotationTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    internal const string Id = "0F8C6F1E-8A0E-4D3E-9D7A-2F1D3C4B5A69";

    internal static object Highlight(string body = "Key claim, **check** Table 2.") => new
    {
        paperId = "2403.12345",
        kind = "highlight",
        color = "yellow",
        body,
        target = new
        {
            field = "abstract",
            selectors = new object[]
            {
                new { type = "TextQuoteSelector", exact = "geometric mean speedup", prefix = "LOOPer achieves a ", suffix = " of 1.84x" },
                new { type = "TextPositionSelector", start = 1402, end = 1424 },
            },
        },
    };

    [Fact]
    public async Task AnAnnotationRoundTripsAndKeepsItsAuthorAndCreationTimeWhenEdited()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var created = await alice.PutAsync($"/api/libraries/{lib}/annotations/{Id}", Highlight());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Id.ToLowerInvariant(), first.GetProperty("id").GetString());
        Assert.Equal("alice", first.GetProperty("createdBy").GetString());
        Assert.Equal("geometric mean speedup", first.GetProperty("target").GetProperty("selectors")[0].GetProperty("exact").GetString());

        var edited = await alice.PutAsync($"/api/libraries/{lib}/annotations/{Id}", Highlight("Edited"), first.GetProperty("version").GetInt64());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var got = await alice.GetFromJsonAsync<JsonElement>($"/api/libraries/{lib}/annotations/{Id.ToLowerInvariant()}");
        Assert.Equal("Edited", got.GetProperty("body").GetString());
        Assert.Equal(first.GetProperty("createdAt").GetString(), got.GetProperty("createdAt").GetString());
        Assert.Equal(2, got.GetProperty("version").GetInt64());

        var entry = (await alice.ChangesAsync(lib, 1)).GetProperty("changes")[0];
        Assert.Equal("annotation", entry.GetProperty("kind").GetString());
        Assert.Equal(Id.ToLowerInvariant(), entry.GetProperty("key").GetString());

        var deleted = await alice.DeleteAsync($"/api/libraries/{lib}/annotations/{Id}", 2);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True((await alice.ChangesAsync(lib, 2)).GetProperty("changes")[0].GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task AnAnnotationMayTargetTheAiSummaryButNoOtherUnknownField()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        object On(string field) => new
        {
            paperId = "2412.20138", kind = "highlight",
            target = new { field, selectors = new object[] { new { type = "TextQuoteSelector", exact = "simulates real-world trading firms" } } },
        };
        var body = On("summary");
        var created = await alice.PutAsync($"/api/libraries/{lib}/annotations/{Id}", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("summary", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("target").GetProperty("field").GetString());

        var refused = await alice.PutAsync($"/api/libraries/{lib}/annotations/{Guid.NewGuid()}", On("comments"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }
}
