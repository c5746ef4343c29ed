using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using LiteDB;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

namespace PaperNotes.Server.Auth.Stores;

/// <summary>The scopes in LiteDB.</summary>
public class LiteDbScopeStore<TScope>(PaperNotesDatabase database, IDurableWriter writer)
    : LiteDbStore<TScope>(database, writer, LiteDbCollections.Scopes), IOpenIddictScopeStore<TScope>
    where TScope : LiteDbScope, new()
{
    /// <inheritdoc/>
    public virtual ValueTask<TScope?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(Collection.FindOne(Query.EQ(nameof(LiteDbScope.Name), name)));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        if (names.Any(string.IsNullOrEmpty)) throw new ArgumentException("Scope names cannot be null or empty.", nameof(names));
        return FindMany(Query.In(nameof(LiteDbScope.Name), names.Select(n => new BsonValue(n))));
    }

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<TScope> FindByResourceAsync(string resource, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        return Collection.FindAll().Where(s => s.Resources.Contains(resource, StringComparer.Ordinal)).ToList().ToAsyncEnumerable();
    }

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetDescriptionAsync(TScope scope, CancellationToken cancellationToken) => new(scope.Description);

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<CultureInfo, string>> GetDescriptionsAsync(TScope scope, CancellationToken cancellationToken) =>
        new(ReadLocalized(scope.Descriptions));

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetDisplayNameAsync(TScope scope, CancellationToken cancellationToken) => new(scope.DisplayName);

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(TScope scope, CancellationToken cancellationToken) =>
        new(ReadLocalized(scope.DisplayNames));

    /// <inheritdoc/>
    public virtual ValueTask<string?> GetNameAsync(TScope scope, CancellationToken cancellationToken) => new(scope.Name);

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(TScope scope, CancellationToken cancellationToken) =>
        new(ReadProperties(scope.Properties));

    /// <inheritdoc/>
    public virtual ValueTask<ImmutableArray<string>> GetResourcesAsync(TScope scope, CancellationToken cancellationToken) =>
        new(ReadList(scope.Resources));

    /// <inheritdoc/>
    public virtual ValueTask SetDescriptionAsync(TScope scope, string? description, CancellationToken cancellationToken)
    {
        scope.Description = description;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetDescriptionsAsync(TScope scope, ImmutableDictionary<CultureInfo, string> descriptions, CancellationToken cancellationToken)
    {
        scope.Descriptions = WriteLocalized(descriptions);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetDisplayNameAsync(TScope scope, string? name, CancellationToken cancellationToken)
    {
        scope.DisplayName = name;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetDisplayNamesAsync(TScope scope, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken)
    {
        scope.DisplayNames = WriteLocalized(names);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetNameAsync(TScope scope, string? name, CancellationToken cancellationToken)
    {
        scope.Name = name;
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetPropertiesAsync(TScope scope, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken)
    {
        scope.Properties = WriteProperties(properties);
        return default;
    }

    /// <inheritdoc/>
    public virtual ValueTask SetResourcesAsync(TScope scope, ImmutableArray<string> resources, CancellationToken cancellationToken)
    {
        scope.Resources = WriteList(resources);
        return default;
    }
}
