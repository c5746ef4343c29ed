using System.Globalization;
using System.Text;

namespace PaperNotes.Server.Exports;

/// <summary>
/// Citation keys shared by the BibTeX and CSL-JSON exports, as Google Scholar spells them (<c>vaswani2017attention</c>),
/// made unique within one export with a, b, c... suffixes.
/// </summary>
public static class CitationKeys
{
    private static readonly HashSet<string> StopWords = ["a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are", "via", "towards", "toward"];

    /// <summary>One key per paper id, in the order of <paramref name="papers"/>.</summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<PaperEntry> papers)
    {
        var keys = new Dictionary<string, string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var paper in papers)
        {
            var stem = Stem(paper);
            var key = stem;
            for (var n = 0; !taken.Add(key); n++) key = stem + Suffix(n);
            keys[paper.PaperId] = key;
        }
        return keys;
    }

    /// <summary>The year of publication, else the one an arXiv id encodes (2403.12345 → 2024, hep-th/9901001 → 1999).</summary>
    public static int? Year(PaperEntry paper)
    {
        if (paper.Paper?.PublishedAt is { } published) return published.Year;
        var digits = paper.PaperId.Contains('/') ? paper.PaperId[(paper.PaperId.IndexOf('/') + 1)..] : paper.PaperId;
        return digits.Length >= 2 && int.TryParse(digits[..2], out var yy) ? (yy >= 91 ? 1900 : 2000) + yy : null;
    }

    /// <summary>The family name of a "Given Family" author name: its last word.</summary>
    public static string FamilyName(string name) => name.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    private static string Stem(PaperEntry paper)
    {
        var author = paper.Paper?.Authors is { Count: > 0 } authors ? Ascii(FamilyName(authors[0])) : "";
        var word = (paper.Paper?.Title ?? "").Split([' ', '-', ':', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(Ascii).FirstOrDefault(w => w.Length > 0 && !StopWords.Contains(w)) ?? "";
        var stem = (author.Length > 0 ? author : "arxiv") + Year(paper) + word;
        return stem;
    }

    private static string Suffix(int n) => n < 26 ? ((char)('a' + n)).ToString() : "x" + n;

    /// <summary>Lower-case ASCII letters and digits only: accents dropped (Müller → muller), everything else removed.</summary>
    private static string Ascii(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }
}
