using System.Text.Json;
using System.Text.Json.Nodes;
using PaperNotes.Server.Annotations;

namespace PaperNotes.Server.Exports;

/// <summary>
/// The library's highlights and notes in the W3C Web Annotation Data Model, as JSON-LD: an <c>AnnotationCollection</c>
/// whose one embedded page holds an <c>Annotation</c> per highlight (<c>highlighting</c>), per note (<c>commenting</c>)
/// and per shared paper note of a collection (<c>commenting</c>, targeting the whole paper).
/// </summary>
public static class WebAnnotationExport
{
    public const string Context = "http://www.w3.org/ns/anno.jsonld";
    public const string ContentType = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    /// <param name="apiRoot">The server's absolute root (<c>https://host/</c>): annotation ids are their API URLs.</param>
    public static byte[] Write(LibraryContents contents, Uri apiRoot)
    {
        var libraryUrl = new Uri(apiRoot, $"api/libraries/{contents.Library.Id}/");
        var items = new JsonArray();
        foreach (var paper in contents.Papers)
        {
            if (paper.Item is { Note: { Length: > 0 } note } item)
            {
                items.Add(new JsonObject
                {
                    ["id"] = new Uri(libraryUrl, "items/" + paper.PaperId).AbsoluteUri,
                    ["type"] = "Annotation",
                    ["motivation"] = "commenting",
                    ["creator"] = Creator(item.AddedBy),
                    ["created"] = Time(item.AddedAt ?? item.CreatedAt),
                    ["body"] = Body(note),
                    ["target"] = new JsonObject { ["source"] = paper.SourceUrl },
                });
            }
            foreach (var annotation in paper.Annotations) items.Add(Annotation(annotation, paper, libraryUrl));
        }
        var collectionId = new Uri(libraryUrl, "export?format=jsonld").AbsoluteUri;
        var document = new JsonObject
        {
            ["@context"] = Context,
            ["id"] = collectionId,
            ["type"] = "AnnotationCollection",
            ["label"] = contents.Library.Name,
            ["total"] = items.Count,
            ["first"] = new JsonObject
            {
                ["id"] = collectionId + "&page=0",
                ["type"] = "AnnotationPage",
                ["startIndex"] = 0,
                ["items"] = items,
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, ExportJson.Options);
    }

    private static JsonObject Annotation(Annotation annotation, PaperEntry paper, Uri libraryUrl)
    {
        var selectors = new JsonArray();
        foreach (var selector in annotation.Target.Selectors)
        {
            selectors.Add(selector.Type == "TextQuoteSelector"
                ? new JsonObject { ["type"] = selector.Type, ["exact"] = selector.Exact, ["prefix"] = selector.Prefix ?? "", ["suffix"] = selector.Suffix ?? "" }
                : new JsonObject { ["type"] = selector.Type, ["start"] = selector.Start, ["end"] = selector.End });
        }
        var result = new JsonObject
        {
            ["id"] = new Uri(libraryUrl, "annotations/" + annotation.Id).AbsoluteUri,
            ["type"] = "Annotation",
            ["motivation"] = annotation.Kind == "highlight" ? "highlighting" : "commenting",
            ["creator"] = Creator(annotation.CreatedBy),
            ["created"] = Time(annotation.CreatedAt),
            ["modified"] = Time(annotation.UpdatedAt),
        };
        if (annotation.Body.Length > 0) result["body"] = Body(annotation.Body);
        // As in the API, the selectors count over the normalised text of the paper's title or abstract.
        result["target"] = new JsonObject { ["source"] = paper.SourceUrl, ["selector"] = selectors };
        return result;
    }

    private static JsonObject Body(string markdown) => new()
    {
        ["type"] = "TextualBody",
        ["value"] = markdown,
        ["format"] = "text/markdown",
        ["purpose"] = "commenting",
    };

    private static JsonNode? Creator(string? username) =>
        username is null ? null : new JsonObject { ["type"] = "Person", ["nickname"] = username };

    private static string? Time(DateTime? time) => time?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
