
namespace PaperNotes.Server.Library;

public static class LibraryExtensions
{
    /// <summary>Libraries, memberships and the versioned object store; items are its first kind of object.</summary>
    public static IServiceCollection AddLibraries(this IServiceCollection services)
    {
        services.AddOptions<LibraryOptions>().BindConfiguration(LibraryOptions.Section)
            .Validate(o => o.TombstoneRetention >= TimeSpan.Zero && o.PruneInterval > TimeSpan.Zero,
                "Library:TombstoneRetention must be 0 or more and Library:PruneInterval positive.")
            .ValidateOnStart();
        // The store itself is the storage engine's (Storage/StorageExtensions).
        services.AddSingleton<PersonalLibraries>();
        services.AddSingleton<ILibraryDirectory, LibraryDirectory>();
        services.AddLibraryObjectKind<ItemKind>();
        services.AddSingleton<TombstonePruner>();
        services.AddHostedService(sp => sp.GetRequiredService<TombstonePruner>());
        return services;
    }

    /// <summary>Registers a kind of object that the batch accepts (and its own routes can inject).</summary>
    public static IServiceCollection AddLibraryObjectKind<TKind>(this IServiceCollection services)
        where TKind : class, ILibraryObjectKind
    {
        services.AddSingleton<TKind>();
        services.AddSingleton<ILibraryObjectKind>(sp => sp.GetRequiredService<TKind>());
        return services;
    }
}
