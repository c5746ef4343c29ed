using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PaperNotes.Server.Admin;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Connect;
using PaperNotes.Server.Auth.Keys;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Auth.Stores;
using PaperNotes.Server.Auth.Invites;
using PaperNotes.Server.Collections;
using PaperNotes.Server.Observability;
using PaperNotes.Server.Library;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// The engine <c>Storage:Provider</c> names, and every store the features use on it: the library store, idempotency
    /// records, the paper catalog, accounts, invite codes, token keys, public links, OpenIddict's stores, Data Protection's
    /// keys and the readiness probe.
    /// Features see only the interfaces; this is the one place that knows both engines.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Storage:Path must name a folder.")
            .ValidateOnStart();
        // The one clock every feature stamps and expires with; tests replace it to move time forward.
        services.AddSingleton(TimeProvider.System);
        var provider = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] ?? StorageOptions.LiteDb;
        _ = provider.ToLowerInvariant() switch
        {
            StorageOptions.LiteDb => services.AddLiteDb(),
            StorageOptions.Postgres => services.AddPostgres(configuration),
            _ => throw new InvalidOperationException($"Storage:Provider must be litedb or postgres, not '{provider}'."),
        };
        // After the engine's schema step: Data Protection's hosted service reads the key ring when it starts.
        services.AddDataProtection().SetApplicationName("PaperNotes");
        return services;
    }

    private static IServiceCollection AddLiteDb(this IServiceCollection services)
    {
        services.AddSingleton<PaperNotesDatabase>();
        services.AddSingleton<DurableWriter>();
        services.AddSingleton<IDurableWriter>(sp => sp.GetRequiredService<DurableWriter>());
        // First hosted service: the indexes exist before anything else starts.
        services.AddSingleton<IStoreSchema, LiteDbIndexes>();
        services.AddHostedService(sp => sp.GetRequiredService<IStoreSchema>());
        services.AddSingleton<ILibraryStore, LiteDbLibraryStore>();
        services.AddSingleton<IIdempotencyRecords, LiteDbIdempotencyRecords>();
        services.AddSingleton<IPaperRecords, LiteDbPaperRecords>();
        services.AddSingleton<IUserAccountRecords, LiteDbUserAccountRecords>();
        services.AddSingleton<Auth.External.IExternalLoginRecords, Auth.External.LiteDbExternalLoginRecords>();
        services.AddSingleton<ITokenKeyRecords, LiteDbTokenKeyRecords>();
        services.AddSingleton<IPublicLinkRecords, LiteDbPublicLinkRecords>();
        services.AddSingleton<IInviteCodes, LiteDbInviteCodes>();
        services.AddSingleton<IStoreProbe, LiteDbStoreProbe>();
        services.AddSingleton<IStoreBackup, LiteDbStoreBackup>();
        services.AddOpenIddict().AddCore(core => core.UseLiteDb());
        // The account cookie and antiforgery tokens survive a restart like the rest of the data.
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(Path.GetFullPath(storage.Value.Path), "data-protection-keys")), logs));
        return services;
    }

    private static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked when the first store needs it (at start, by the schema step), so that an admin command that needs no
        // database, such as backup's pg_dump advice, still answers.
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("Storage:Provider is postgres, so ConnectionStrings:Postgres must be set.")).Build());
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IDurableWriter, PostgresWriter>();
        services.AddSingleton<LibraryCommitOrder>();
        // First hosted service: the schema is there (created or migrated) before anything else starts.
        services.AddSingleton<IStoreSchema, PostgresSchema>();
        services.AddHostedService(sp => sp.GetRequiredService<IStoreSchema>());
        services.AddSingleton<ILibraryStore, PostgresLibraryStore>();
        services.AddSingleton<IIdempotencyRecords, PostgresIdempotencyRecords>();
        services.AddSingleton<IPaperRecords, PostgresPaperRecords>();
        services.AddSingleton<IUserAccountRecords, PostgresUserAccountRecords>();
        services.AddSingleton<Auth.External.IExternalLoginRecords, Auth.External.PostgresExternalLoginRecords>();
        services.AddSingleton<ITokenKeyRecords, PostgresTokenKeyRecords>();
        services.AddSingleton<IPublicLinkRecords, PostgresPublicLinkRecords>();
        services.AddSingleton<IInviteCodes, PostgresInviteCodes>();
        services.AddSingleton<IStoreProbe, PostgresStoreProbe>();
        // Sign-in on the well-kept stores: OpenIddict.EntityFrameworkCore and Data Protection's EF key ring.
        services.AddDbContextPool<SignInDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<SignInDbContext>());
        services.AddDataProtection().PersistKeysToDbContext<SignInDbContext>();
        return services;
    }
}
