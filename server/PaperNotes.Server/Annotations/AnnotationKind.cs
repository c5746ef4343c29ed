using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Annotations;

/// <summary>Annotations (SPEC §1), keyed by the UUID the client chose.</summary>
public sealed partial class AnnotationKind : LibraryObjectKind<AnnotationInput>
{
    public const string KindName = "annotation";
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxExactLength = 4096;
    public const int MaxContextLength = 512;
    public const int MaxSelectors = 4;
    public const int MaxOffset = 1_000_000;

    public override string Name => KindName;

    public override string KeyRule => "a UUID such as 0f8c6f1e-8a0e-4d3e-9d7a-2f1d3c4b5a69";

    public override string? NormalizeKey(string key) => Guid.TryParse(key, out var id) ? id.ToString("D") : null;

    public override PreparedWrite Prepare(AnnotationInput input, string key, LibraryAccess access)
    {
        var errors = new Dictionary<string, string[]>();
        var paperId = PaperIds.Normalize(input.PaperId);
        if (paperId is null) errors["paperId"] = ["paperId must be " + PaperIds.Rule + "."];
        if (input.Kind is not ("highlight" or "note")) errors["kind"] = ["kind must be highlight or note."];
        if (input.Target?.Field is not ("title" or "abstract" or "summary"))
            errors["target.field"] = ["target.field must be title, abstract or summary."];
        var selectors = Selectors(input.Target?.Selectors, errors);
        if (input.Color is not null && !Color().IsMatch(input.Color))
            errors["color"] = ["color must be a colour name or a #hex colour."];
        if (input.Body is not null && Encoding.UTF8.GetByteCount(input.Body) > MaxBodyBytes)
            errors["body"] = [$"body must be at most {MaxBodyBytes} bytes of Markdown."];
        if (errors.Count > 0) return PreparedWrite.Invalid(errors);

        var target = new AnnotationTarget(input.Target!.Field!, selectors);
        return new PreparedWrite((current, version, now) =>
        {
            // Who made it and when stay as first written, whoever edits it later.
            var before = current?.Data?.Deserialize<Annotation>(JsonSerializerOptions.Web);
            return new Annotation(key, paperId!, input.Kind!, target, input.Color, input.Body ?? "",
                before?.CreatedBy ?? access.Username, before?.CreatedAt ?? now, now, version);
        }, null);
    }

    /// <summary>One quote selector is required to re-anchor the annotation; a position selector is an optional hint.</summary>
    private static List<Selector> Selectors(IReadOnlyList<SelectorInput>? inputs, Dictionary<string, string[]> errors)
    {
        var selectors = new List<Selector>();
        if (inputs is null || inputs.Count is 0 or > MaxSelectors)
        {
            errors["target.selectors"] = [$"target.selectors must hold 1 to {MaxSelectors} selectors."];
            return selectors;
        }
        for (var i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i];
            var field = $"target.selectors[{i}]";
            switch (s?.Type)
            {
                case "TextQuoteSelector" when string.IsNullOrEmpty(s.Exact) || s.Exact.Length > MaxExactLength:
                    errors[field + ".exact"] = [$"exact must be 1 to {MaxExactLength} characters."];
                    break;
                case "TextQuoteSelector" when s.Prefix?.Length > MaxContextLength || s.Suffix?.Length > MaxContextLength:
                    errors[field] = [$"prefix and suffix must be at most {MaxContextLength} characters."];
                    break;
                case "TextQuoteSelector":
                    selectors.Add(new Selector(s.Type, Exact: s.Exact, Prefix: s.Prefix ?? "", Suffix: s.Suffix ?? ""));
                    break;
                case "TextPositionSelector" when s.Start is not { } start || s.End is not { } end
                                                || start < 0 || end <= start || end > MaxOffset:
                    errors[field] = [$"A TextPositionSelector needs 0 <= start < end <= {MaxOffset}."];
                    break;
                case "TextPositionSelector":
                    selectors.Add(new Selector(s.Type, Start: s.Start, End: s.End));
                    break;
                default:
                    errors[field + ".type"] = ["type must be TextQuoteSelector or TextPositionSelector."];
                    break;
            }
        }
        if (errors.Count == 0 && selectors.Count(s => s.Type == "TextQuoteSelector") != 1)
            errors["target.selectors"] = ["Exactly one TextQuoteSelector is required."];
        return selectors;
    }

    [GeneratedRegex("^(?:[a-z]{1,32}|#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}))$")]
    private static partial Regex Color();
}
