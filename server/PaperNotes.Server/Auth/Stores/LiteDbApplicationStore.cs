using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>The applications (clients) in LiteDB. There are few, so lookups by redirect URI scan them in memory.</summary>
public class LiteDbApplicationStore<TApplication>(PaperNotesDatabase database, IDurableWriter writer)
    : LiteDbStore<TApplication>(database, writer, LiteDbCollections.Applications), IOpenIddictApplicationStore<TApplication>
    where TApplication : LiteDbApplication, new()
{
    /// <summary>Deleting a client deletes its authorizations and tokens with it.</summary>
    protected override void DeleteDependents(LiteDB.ILiteDatabase database, string id)
    {
        database.GetCollection(LiteDbCollections.Authorizations).DeleteMany(LiteDB.Query.EQ(nameof(LiteDbAuthorization.ApplicationId), id));
        database.GetCollection(LiteDbCollections.Tokens).DeleteMany(LiteDB.Query.EQ(nameof(LiteDbToken.ApplicationId), id));
    }

    /// <inheritdoc/>
    public virtual ValueTask<TApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return new(Collection.FindOne(LiteDB.Query.EQ(nameof(LiteDbApplication.ClientId), identifier)));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return Collection.FindAll().Where(a => a.PostLogoutRedirectUris.Contains(uri, StringComparer.Ordinal)).ToList().ToAsyncEnumerable();
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return Collection.FindAll().Where(a => a.RedirectUris.Contains(uri, StringComparer.Ordinal)).ToList().ToAsyncEnumerable();
    }

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetApplicationTypeAsync(TApplication application, CancellationToken cancellationToken) => new(application.ApplicationType);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetClientIdAsync(TApplication application, CancellationToken cancellationToken) => new(application.ClientId);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetClientSecretAsync(TApplication application, CancellationToken cancellationToken) => new(application.ClientSecret);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetClientTypeAsync(TApplication application, CancellationToken cancellationToken) => new(application.ClientType);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetConsentTypeAsync(TApplication application, CancellationToken cancellationToken) => new(application.ConsentType);

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetDisplayNameAsync(TApplication application, CancellationToken cancellationToken) => new(application.DisplayName);

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadLocalized(application.DisplayNames));

    /// <inheritdoc/>
    public virtual ValueTask<JsonWebKeySet?> GetJsonWebKeySetAsync(TApplication application, CancellationToken cancellationToken) =>
        new(application.JsonWebKeySet is null ? null : JsonWebKeySet.Create(application.JsonWebKeySet));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetPermissionsAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadList(application.Permissions));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetPostLogoutRedirectUrisAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadList(application.PostLogoutRedirectUris));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadProperties(application.Properties));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetRedirectUrisAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadList(application.RedirectUris));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetRequirementsAsync(TApplication application, CancellationToken cancellationToken) =>
        new(ReadList(application.Requirements));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<string, string>> GetSettingsAsync(TApplication application, CancellationToken cancellationToken) =>
        new(application.Settings.ToImmutableDictionary());

    /// <inheritdoc/>
    public virtual ValueTask SetApplicationTypeAsync(TApplication application, string? type, CancellationToken cancellationToken)
    {
        application.ApplicationType = type;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetClientIdAsync(TApplication application, string? identifier, CancellationToken cancellationToken)
    {
        application.ClientId = identifier;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetClientSecretAsync(TApplication application, string? secret, CancellationToken cancellationToken)
    {
        application.ClientSecret = secret;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetClientTypeAsync(TApplication application, string? type, CancellationToken cancellationToken)
    {
        application.ClientType = type;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetConsentTypeAsync(TApplication application, string? type, CancellationToken cancellationToken)
    {
        application.ConsentType = type;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetDisplayNameAsync(TApplication application, string? name, CancellationToken cancellationToken)
    {
        application.DisplayName = name;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetDisplayNamesAsync(TApplication application, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken)
    {
        application.DisplayNames = WriteLocalized(names);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetJsonWebKeySetAsync(TApplication application, JsonWebKeySet? set, CancellationToken cancellationToken)
    {
        application.JsonWebKeySet = set is null ? null : JsonSerializer.Serialize(set);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPermissionsAsync(TApplication application, ImmutableArray<string> permissions, CancellationToken cancellationToken)
    {
        application.Permissions = WriteList(permissions);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPostLogoutRedirectUrisAsync(TApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken)
    {
        application.PostLogoutRedirectUris = WriteList(uris);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPropertiesAsync(TApplication application, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        application.Properties = WriteProperties(properties);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetRedirectUrisAsync(TApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken)
    {
        application.RedirectUris = WriteList(uris);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetRequirementsAsync(TApplication application, ImmutableArray<string> requirements, CancellationToken cancellationToken)
    {
        application.Requirements = WriteList(requirements);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetSettingsAsync(TApplication application, ImmutableDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        application.Settings = settings is null ? [] : new Dictionary<string, string>(settings);
        return default;
    }
}
