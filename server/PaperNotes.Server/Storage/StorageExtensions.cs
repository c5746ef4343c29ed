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
}
