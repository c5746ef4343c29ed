using System.Text.Json.Serialization;

namespace PaperNotes.Server.Annotations;

/// <summary>A PUT of an annotation: the whole annotation (SPEC §1); the server adds version, timestamps and createdBy.</summary>
public sealed record AnnotationInput(string? PaperId, string? Kind, TargetInput? Target, string? Color, string? Body);

/// <param name="Field"><c>title</c>, <c>abstract</c> or <c>summary</c> (Hugging Face's AI-generated summary).</param>
public sealed record TargetInput(string? Field, IReadOnlyList<SelectorInput>? Selectors);

/// <summary>A W3C <c>TextQuoteSelector</c> (exact, prefix, suffix) or <c>TextPositionSelector</c> (start, end).</summary>
public sealed record SelectorInput(string? Type, string? Exact, string? Prefix, string? Suffix, int? Start, int? End);

/// <summary>An annotation as GET and the feed show it.</summary>
public sealed record Annotation(
    string Id, string PaperId, string Kind, AnnotationTarget Target, string? Color, string Body, string CreatedBy,
    DateTime CreatedAt, DateTime UpdatedAt, long Version);

public sealed record AnnotationTarget(string Field, IReadOnlyList<Selector> Selectors);

/// <summary>A stored selector: only the fields of its type are written.</summary>
public sealed record Selector(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Exact = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prefix = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Suffix = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Start = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? End = null);
