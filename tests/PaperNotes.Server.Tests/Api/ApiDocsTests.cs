using System.Net;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Api;

public sealed class ApiDocsTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheLibraryRoutes()
    {
        var document = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/me", paths);
        Assert.Contains("/api/libraries/{lib}/changes", paths);
        Assert.Contains("/api/libraries/{lib}/batch", paths);
        Assert.Contains("/api/libraries/{lib}/annotations/{key}", paths);
        Assert.Contains(paths, p => p.StartsWith("/api/libraries/{lib}/items/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheReferencePageIsServedAtDocs()
    {
        var response = await _app.CreateClient().GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
