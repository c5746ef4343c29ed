using System.Text.RegularExpressions;
using PaperNotes.Server.Annotations;

namespace PaperNotes.Server.Collections;

/// <summary>
/// Finds a stored highlight in a field's text the way the extension does (extension/src/shared/anchoring.js): over the
/// normalised text, trusting the TextPositionSelector when it still covers the quote, else the quote whose prefix and
/// suffix fit best, nearest the old position.
/// </summary>
public static partial class TextAnchoring
{
    /// <summary>Whitespace runs become one space and the ends are trimmed; JavaScript's <c>\s</c> set, so offsets agree.</summary>
    public static string Normalize(string? text) => Whitespace().Replace(text ?? "", " ").Trim(JsWhitespace);

    /// <summary>The [start, end) of the highlight in <paramref name="normalized"/>, or null when the text no longer holds it.</summary>
    public static (int Start, int End)? Locate(string normalized, IReadOnlyList<Selector> selectors)
    {
        var quote = selectors.FirstOrDefault(s => s.Type == "TextQuoteSelector");
        var position = selectors.FirstOrDefault(s => s.Type == "TextPositionSelector");
        if (quote?.Exact is not { Length: > 0 } exact)
            return position is { Start: { } s, End: { } e } && e <= normalized.Length ? (s, e) : null;
        if (position is { Start: { } start } && start + exact.Length <= normalized.Length
            && string.CompareOrdinal(normalized, start, exact, 0, exact.Length) == 0)
            return (start, start + exact.Length);

        (int Start, int Score, int Distance)? best = null;
        for (var at = normalized.IndexOf(exact, StringComparison.Ordinal); at >= 0;
             at = normalized.IndexOf(exact, at + 1, StringComparison.Ordinal))
        {
            var score = CommonSuffix(normalized.AsSpan(0, at), quote.Prefix)
                        + CommonPrefix(normalized.AsSpan(at + exact.Length), quote.Suffix);
            var distance = Math.Abs(at - (position?.Start ?? 0));
            if (best is null || score > best.Value.Score || (score == best.Value.Score && distance < best.Value.Distance))
                best = (at, score, distance);
        }
        return best is { } found ? (found.Start, found.Start + exact.Length) : null;
    }

    private static int CommonSuffix(ReadOnlySpan<char> before, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return 0;
        var n = 0;
        while (n < before.Length && n < prefix.Length && before[^(n + 1)] == prefix[^(n + 1)]) n++;
        return n;
    }

    private static int CommonPrefix(ReadOnlySpan<char> after, string? suffix)
    {
        if (string.IsNullOrEmpty(suffix)) return 0;
        var n = 0;
        while (n < after.Length && n < suffix.Length && after[n] == suffix[n]) n++;
        return n;
    }

    private const string JsWhitespaceClass = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

    private static readonly char[] JsWhitespace =
        [.. "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff", .. Enumerable.Range(0x2000, 11).Select(c => (char)c)];

    [GeneratedRegex("[" + JsWhitespaceClass + "]+")]
    private static partial Regex Whitespace();
}
