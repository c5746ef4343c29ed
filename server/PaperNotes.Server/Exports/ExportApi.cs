using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperNotes.Server.Api;
using PaperNotes.Server.Library;
using PaperNotes.Server.Papers;

namespace PaperNotes.Server.Exports;

/// <summary>
/// <c>GET /api/libraries/{lib}/export?format=markdown|bibtex|csljson|jsonld[&amp;papers=id,id]</c>, for any library the
/// caller reads. <c>papers</c> narrows the file to the papers a reader's filters show (say 1 saved of 18 seen).
/// </summary>
public static class ExportApi
{
    public static readonly string[] Formats = ["markdown", "bibtex", "csljson", "jsonld"];

    /// <summary>How many papers <c>papers</c> may name; a longer list is a whole library, exported without it.</summary>
    public const int MaxPaperFilter = 1000;

    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/libraries/{lib}", "Exports");
        group.MapGet("/export", Export);
        return group;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        LibraryAccess access, string? format, string? papers, ILibraryStore store, PaperCatalog catalog, TimeProvider clock,
        HttpContext http)
    {
        if (format is null || !Formats.Contains(format))
            return Problems.Invalid("format", "format must be one of " + string.Join(", ", Formats) + ".");
        HashSet<string>? only = null;
        if (papers is not null)
        {
            var ids = papers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            only = [.. ids.Select(PaperIds.Normalize).OfType<string>()];
            if (only.Count != ids.Length || ids.Length > MaxPaperFilter)
                return Problems.Invalid("papers", $"papers must be at most {MaxPaperFilter} comma-separated paper ids, each {PaperIds.Rule}.");
        }
        var contents = await LibraryContents.ReadAsync(store, catalog, access.Library, access.UserId, http.RequestAborted);
        if (only is not null) contents = contents with { Papers = [.. contents.Papers.Where(p => only.Contains(p.PaperId))] };
        var name = FileName(access.Library.Name);
        var root = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
        return format switch
        {
            "markdown" => File(Encoding.UTF8.GetBytes(MarkdownExport.Write(contents, clock.GetUtcNow())), MarkdownExport.ContentType, name + ".md"),
            "bibtex" => File(Encoding.UTF8.GetBytes(BibTexExport.Write(contents)), BibTexExport.ContentType, name + ".bib"),
            "csljson" => File(CslJsonExport.Write(contents), CslJsonExport.ContentType, name + ".csl.json"),
            _ => File(WebAnnotationExport.Write(contents, root), WebAnnotationExport.ContentType, name + ".jsonld"),
        };
    }

    private static FileContentHttpResult File(byte[] bytes, string contentType, string fileName) =>
        TypedResults.File(bytes, contentType, fileName);

    /// <summary>The library's name as a safe file name: letters, digits and dashes.</summary>
    private static string FileName(string libraryName)
    {
        var slug = new StringBuilder();
        foreach (var c in libraryName.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var name = slug.ToString().Trim('-');
        return name.Length == 0 ? "library" : name[..Math.Min(name.Length, 80)];
    }
}
