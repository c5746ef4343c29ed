namespace PaperNotes.Server.Storage;

public static class StorageExtensions
{
    /// <summary>The embedded LiteDB store: one database per process and the group-commit writer in front of it.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Storage:Path must name a folder.")
            .ValidateOnStart();
        // The one clock every feature stamps and expires with; tests replace it to move time forward.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PaperNotesDatabase>();
        services.AddSingleton<DurableWriter>();
        services.AddSingleton<IDurableWriter>(sp => sp.GetRequiredService<DurableWriter>());
        return services;
    }

    /// <summary><c>GET /healthz</c>: 200 when a durable write goes through (SPEC §2).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", async Task<IResult> (IDurableWriter writer, TimeProvider time, CancellationToken ct) =>
        {
            await writer.WriteAsync(c => c.Database.GetCollection("health").Upsert(new LiteDB.BsonDocument
            {
                ["_id"] = 1,
                ["at"] = time.GetUtcNow().UtcDateTime,
            }), ct);
            return TypedResults.Ok(new { status = "ok" });
        }).ExcludeFromDescription();
        return routes;
    }
}
