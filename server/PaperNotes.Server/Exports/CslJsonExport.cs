using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperNotes.Server.Exports;

/// <summary>CSL-JSON (citeproc's input, what Zotero and Pandoc read): one <c>article</c> (CSL's preprint type) per paper.</summary>
public static class CslJsonExport
{
    public const string ContentType = "application/vnd.citationstyles.csl+json; charset=utf-8";

    public static byte[] Write(LibraryContents contents)
    {
        var keys = CitationKeys.Assign(contents.Papers);
        var items = new JsonArray();
        foreach (var paper in contents.Papers)
        {
            var item = new JsonObject
            {
                ["id"] = keys[paper.PaperId],
                ["type"] = "article",
                ["title"] = paper.Title,
                ["author"] = new JsonArray([.. (paper.Paper?.Authors ?? []).Select(Author)]),
                ["publisher"] = "arXiv",
                ["number"] = paper.PaperId,
                ["DOI"] = "10.48550/arXiv." + paper.PaperId,
                ["URL"] = paper.ArxivUrl,
            };
            if (paper.Paper?.PublishedAt is { } date)
                item["issued"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(date.Year, date.Month, date.Day)) };
            else if (CitationKeys.Year(paper) is { } year)
                item["issued"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(year)) };
            if (paper.Paper?.Abstract is { Length: > 0 } abstractText) item["abstract"] = abstractText;
            if (paper.Item?.Note is { Length: > 0 } note) item["note"] = note;
            items.Add(item);
        }
        return JsonSerializer.SerializeToUtf8Bytes(items, ExportJson.Options);
    }

    /// <summary>"Given Family" as CSL's family/given; a single word stays a literal name.</summary>
    private static JsonNode Author(string name)
    {
        var trimmed = name.Trim();
        var cut = trimmed.LastIndexOf(' ');
        return cut < 0
            ? new JsonObject { ["literal"] = trimmed }
            : new JsonObject { ["family"] = trimmed[(cut + 1)..], ["given"] = trimmed[..cut].Trim() };
    }
}

internal static class ExportJson
{
    /// <summary>Indented, with non-ASCII text as is (exports are read by people too).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
