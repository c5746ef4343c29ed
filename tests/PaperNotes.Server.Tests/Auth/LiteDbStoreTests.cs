using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Models;
using PaperNotes.Server.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Tests.Auth;

/// <summary>The OpenIddict stores on LiteDB, through OpenIddict's own managers over the real database file.</summary>
public sealed class LiteDbStoreTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private AsyncServiceScope Scope()
    {
        _ = _app.BaseAddress; // starts the app, which seeds the client
        return _app.Services.CreateAsyncScope();
    }

    [LiteDbFact]
    public async Task AStaleUpdateFailsWithAConcurrencyErrorAndChangesNothing()
    {
        await using var scope = Scope();
        var store = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationStore<LiteDbAuthorization>>();
        var original = new LiteDbAuthorization { Subject = "s", Status = Statuses.Valid, Type = AuthorizationTypes.AdHoc };
        await store.CreateAsync(original, default);
        var first = (await store.FindByIdAsync(original.Id, default))!;
        var second = (await store.FindByIdAsync(original.Id, default))!;

        first.Status = Statuses.Revoked;
        await store.UpdateAsync(first, default);
        second.Status = Statuses.Inactive;

        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(() => store.UpdateAsync(second, default).AsTask());
        await Assert.ThrowsAsync<OpenIddictExceptions.ConcurrencyException>(() => store.DeleteAsync(second, default).AsTask());
        Assert.Equal(Statuses.Revoked, (await store.FindByIdAsync(original.Id, default))!.Status);
    }

    [LiteDbFact]
    public async Task OfConcurrentUpdatesOfOneVersionExactlyOneWins()
    {
        await using var scope = Scope();
        var store = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenStore<LiteDbToken>>();
        var token = new LiteDbToken { Subject = "s", Status = Statuses.Valid };
        await store.CreateAsync(token, default);
        var copies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => store.FindByIdAsync(token.Id, default).AsTask()));

        var outcomes = await Task.WhenAll(copies.Select(async copy =>
        {
            copy!.Status = Statuses.Redeemed;
            try { await store.UpdateAsync(copy, default); return true; }
            catch (OpenIddictExceptions.ConcurrencyException) { return false; }
        }));

        Assert.Single(outcomes, won => won);
    }

    [LiteDbFact]
    public async Task LookupsMatchExactlyThoughLiteDbIgnoresCase()
    {
        await using var scope = Scope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();

        Assert.NotNull(await applications.FindByClientIdAsync("papernotes-extension"));
        Assert.Null(await applications.FindByClientIdAsync("PaperNotes-Extension"));
    }

    [LiteDbFact]
    public async Task PruningDeletesDeadEntriesOlderThanTheThresholdOnly()
    {
        await using var scope = Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenStore<LiteDbToken>>();
        var old = DateTime.UtcNow.AddDays(-30);
        var spentLongAgo = new LiteDbToken { Status = Statuses.Redeemed, CreationDate = old };
        var validLongLived = new LiteDbToken { Status = Statuses.Valid, CreationDate = old, ExpirationDate = DateTime.UtcNow.AddDays(1) };
        var spentRecently = new LiteDbToken { Status = Statuses.Redeemed, CreationDate = DateTime.UtcNow };
        foreach (var token in new[] { spentLongAgo, validLongLived, spentRecently }) await tokens.CreateAsync(token, default);

        await tokens.PruneAsync(DateTimeOffset.UtcNow.AddDays(-14), default);

        Assert.Null(await tokens.FindByIdAsync(spentLongAgo.Id, default));
        Assert.NotNull(await tokens.FindByIdAsync(validLongLived.Id, default));
        Assert.NotNull(await tokens.FindByIdAsync(spentRecently.Id, default));
    }
}
