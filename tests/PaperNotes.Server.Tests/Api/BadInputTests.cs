using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperNotes.Server.Tests.Annotations;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Api;

/// <summary>Every class of bad input gets its problem+json, and the server keeps serving afterwards.</summary>
public sealed class BadInputTests : IAsyncLifetime, IDisposable
{
    private readonly PaperNotesApplication _app = new();
    private HttpClient _alice = null!;
    private string _lib = "";

    public async Task InitializeAsync()
    {
        _alice = await _app.CreateClientAsync("alice");
        _lib = await _alice.PersonalLibraryAsync();
    }

    public async Task DisposeAsync()
    {
        // The server still serves after whatever the test sent.
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetAsync("/api/me")).StatusCode);
    }

    public void Dispose() => _app.Dispose();

    private static JsonObject Annotation(Action<JsonObject> change)
    {
        var json = JsonSerializer.SerializeToNode(AnnotationTests.Highlight())!.AsObject();
        change(json);
        return json;
    }

    private async Task AssertInvalidAnnotation(JsonObject body, string field)
    {
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/annotations/{AnnotationTests.Id}", body);
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"no error for {field}: {problem}");
    }

    [Theory]
    [InlineData("{\"status\": ")]
    [InlineData("{\"status\": \"read\",}")]
    [InlineData("not json at all")]
    [InlineData("{\"tags\": 5}")]
    public async Task MalformedJsonIs400(string body)
    {
        var response = await _alice.SendRawAsync(HttpMethod.Put, $"/api/libraries/{_lib}/items/2403.12345", body);
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task ABodyOver256KilobytesIs413()
    {
        var huge = JsonSerializer.Serialize(new { note = new string('x', 300 * 1024) });
        var response = await _alice.SendRawAsync(HttpMethod.Put, $"/api/libraries/{_lib}/items/2403.12345", huge);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [Theory]
    [InlineData("2403.123")]
    [InlineData("2413.12345")]
    [InlineData("hep-th/99010")]
    [InlineData("2403.12345/comments")]
    public async Task AnInvalidArxivIdIs422(string paperId)
    {
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/items/{paperId}", new { });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("key"));
    }

    [Fact]
    public async Task AnAnnotationIdThatIsNotAUuidIs422()
    {
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/annotations/not-a-uuid", AnnotationTests.Highlight());
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }

    [Fact]
    public Task AnEmptyExactIs422() =>
        AssertInvalidAnnotation(Annotation(a => a["target"]!["selectors"]![0]!["exact"] = ""), "target.selectors[0].exact");

    [Fact]
    public Task AStartNotBeforeEndIs422() =>
        AssertInvalidAnnotation(Annotation(a => a["target"]!["selectors"]![1]!["start"] = 1424), "target.selectors[1]");

    [Fact]
    public Task AnUnknownFieldTargetIs422() =>
        AssertInvalidAnnotation(Annotation(a => a["target"]!["field"] = "body"), "target.field");

    [Fact]
    public Task AnAnnotationWithoutAQuoteSelectorIs422() =>
        AssertInvalidAnnotation(Annotation(a => a["target"]!["selectors"]!.AsArray().RemoveAt(0)), "target.selectors");

    [Fact]
    public Task AMarkdownBodyOver64KilobytesIs422() =>
        AssertInvalidAnnotation(Annotation(a => a["body"] = new string('x', 64 * 1024 + 1)), "body");

    [Theory]
    [InlineData(51, 3)]
    [InlineData(1, 65)]
    public async Task TooManyOrTooLongTagsAre422(int count, int length)
    {
        var tags = Enumerable.Range(0, count).Select(i => (i + new string('t', length))[..length]);
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/items/2403.12345", new { tags });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("tags"));
    }

    [Fact]
    public async Task AnUnknownStatusIs422()
    {
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/items/2403.12345", new { status = "skimmed" });
        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }

    [Fact]
    public async Task ANonNumericSinceIs400AndANegativeOneIs422()
    {
        await (await _alice.GetAsync($"/api/libraries/{_lib}/changes?since=yesterday")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad-request");
        await (await _alice.GetAsync($"/api/libraries/{_lib}/changes?since=-1")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }

    [Fact]
    public async Task UnknownFieldsAreIgnoredAndNeverStored()
    {
        var body = Annotation(a =>
        {
            a["evil"] = "<script>";
            a["target"]!["selectors"]![0]!["extra"] = 1;
        });
        var response = await _alice.PutAsync($"/api/libraries/{_lib}/annotations/{AnnotationTests.Id}", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await _alice.ChangesAsync(_lib, 0)).GetProperty("changes")[0].GetProperty("data").GetRawText();
        Assert.DoesNotContain("evil", stored);
        Assert.DoesNotContain("extra", stored);
    }

    [Fact]
    public async Task AnUnknownRouteIsAProblemNotAPage()
    {
        await (await _alice.GetAsync("/api/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
