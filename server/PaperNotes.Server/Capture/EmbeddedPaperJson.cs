using System.Text.Json;
using AngleSharp.Dom;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Capture;

/// <summary>
/// Reads the JSON that Hugging Face embeds for its Svelte components (<c>data-props</c> of
/// <c>[data-target=…]</c>). Paper objects there have the shape of its public API (<c>id</c>, <c>title</c>,
/// <c>summary</c>, <c>authors[].name</c>, <c>upvotes</c>, <c>publishedAt</c>, <c>githubRepo</c>, …).
/// Anything malformed reads as absent: this never throws.
/// </summary>
internal static class EmbeddedPaperJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true };

    /// <summary>The parsed <c>data-props</c> of the component named <paramref name="target"/>, or null.</summary>
    public static JsonDocument? Props(IDocument document, string target)
    {
        var props = document.QuerySelector($"[data-target='{target}'][data-props]")?.GetAttribute("data-props");
        if (string.IsNullOrWhiteSpace(props)) return null;
        try
        {
            var json = JsonDocument.Parse(props, Options);
            if (json.RootElement.ValueKind == JsonValueKind.Object) return json;
            json.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// One paper from an API-shaped <paramref name="paper"/> object; <paramref name="context"/> is the object around it
    /// (a listing entry or the page's props), which carries comments, thumbnail and organisation.
    /// </summary>
    public static CapturedPaper? ToCapturedPaper(JsonElement paper, JsonElement context)
    {
        var id = String(paper, "id");
        if (!PageText.IsPaperId(id)) return null;
        var authors = Array(paper, "authors") is { } list
            ? list.EnumerateArray().Select(a => PageText.Normalize(String(a, "name"))).OfType<string>().ToList()
            : null;
        return new CapturedPaper(
            id!,
            Title: PageText.Normalize(String(paper, "title") ?? String(context, "title")),
            Abstract: PageText.Normalize(String(paper, "summary") ?? String(context, "summary")),
            AbstractIsComplete: true,
            Authors: authors,
            AuthorCount: authors?.Count,
            Organization: OrganizationName(context) ?? OrganizationName(paper),
            PublishedAt: PageText.ParseIsoDate(String(paper, "publishedAt")),
            Upvotes: Int(paper, "upvotes"),
            Comments: Int(context, "numComments") ?? Array(context, "comments")?.GetArrayLength(),
            GithubRepo: Url(String(paper, "githubRepo")),
            ProjectPage: Url(String(paper, "projectPage")),
            Thumbnail: Url(String(context, "thumbnail") ?? String(paper, "thumbnail")));
    }

    public static JsonElement? Array(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array ? array : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    private static string? OrganizationName(JsonElement element) =>
        Object(element, "organization") is { } organization
            ? PageText.Normalize(String(organization, "fullname") ?? String(organization, "name"))
            : null;

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name)
    {
        if (Property(element, name) is not { ValueKind: JsonValueKind.String } value) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // an escaped lone surrogate ("\ud800") is valid JSON but not a string .NET can hold
        }
    }

    private static int? Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) && number >= 0
            ? number
            : null;

    /// <summary>Only absolute http(s) links are kept: a page could carry <c>javascript:</c> in any field.</summary>
    public static string? Url(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.OriginalString.Trim()
            : null;
}
