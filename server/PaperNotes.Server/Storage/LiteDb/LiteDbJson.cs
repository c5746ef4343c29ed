using System.Text.Json;
using System.Text.Json.Nodes;
using LiteDB;

namespace PaperNotes.Server.Storage.LiteDb;

/// <summary>
/// Documents that features keep as <see cref="JsonObject"/>s, stored as LiteDB documents of the same shape, so a
/// document written before the engines were split reads back unchanged. Dates stay dates both ways.
/// </summary>
public static class LiteDbJson
{
    public static JsonObject ToJson(BsonDocument document, params string[] skip)
    {
        var json = new JsonObject();
        foreach (var (name, value) in document)
            if (!skip.Contains(name)) json[name] = ToJson(value);
        return json;
    }

    private static JsonNode? ToJson(BsonValue value) => value.Type switch
    {
        BsonType.Null or BsonType.MinValue or BsonType.MaxValue => null,
        BsonType.Document => ToJson(value.AsDocument),
        BsonType.Array => new JsonArray([.. value.AsArray.Select(ToJson)]),
        BsonType.Int32 => JsonValue.Create(value.AsInt32),
        BsonType.Int64 => JsonValue.Create(value.AsInt64),
        BsonType.Double => JsonValue.Create(value.AsDouble),
        BsonType.Decimal => JsonValue.Create(value.AsDecimal),
        BsonType.Boolean => JsonValue.Create(value.AsBoolean),
        // LiteDB hands dates back in local time.
        BsonType.DateTime => JsonValue.Create(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        _ => JsonValue.Create(value.AsString),
    };

    public static BsonDocument ToBson(JsonObject json)
    {
        var document = new BsonDocument();
        foreach (var (name, value) in json) document[name] = ToBson(value);
        return document;
    }

    private static BsonValue ToBson(JsonNode? node)
    {
        switch (node)
        {
            case null: return BsonValue.Null;
            case JsonObject json: return ToBson(json);
            case JsonArray array: return new BsonArray(array.Select(ToBson));
        }
        var value = node.AsValue();
        // A value read from JSON text: by its kind (a string stays a string, whatever it looks like).
        if (value.TryGetValue<JsonElement>(out var element))
            return element.ValueKind switch
            {
                JsonValueKind.String => new BsonValue(element.GetString()),
                JsonValueKind.True => new BsonValue(true),
                JsonValueKind.False => new BsonValue(false),
                JsonValueKind.Number when element.TryGetInt32(out var i) => new BsonValue(i),
                JsonValueKind.Number when element.TryGetInt64(out var l) => new BsonValue(l),
                JsonValueKind.Number => new BsonValue(element.GetDouble()),
                _ => BsonValue.Null,
            };
        // A value a feature set: by its .NET type.
        if (value.TryGetValue<string>(out var text)) return new BsonValue(text);
        if (value.TryGetValue<bool>(out var flag)) return new BsonValue(flag);
        if (value.TryGetValue<int>(out var int32)) return new BsonValue(int32);
        if (value.TryGetValue<long>(out var int64)) return new BsonValue(int64);
        if (value.TryGetValue<double>(out var real)) return new BsonValue(real);
        if (value.TryGetValue<decimal>(out var money)) return new BsonValue(money);
        if (value.TryGetValue<DateTime>(out var date)) return new BsonValue(date.ToUniversalTime());
        if (value.TryGetValue<DateTimeOffset>(out var instant)) return new BsonValue(instant.UtcDateTime);
        throw new NotSupportedException($"No LiteDB form for the JSON value {value.ToJsonString()}.");
    }
}
