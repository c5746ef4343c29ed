using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Accounts;
using PaperNotes.Server.Auth.Connect;
using PaperNotes.Server.Auth.Stores;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth;

/// <summary>Before the server listens: indexes for sign-in lookups, and the extension client as configured now.</summary>
internal sealed class SignInStartup(IServiceProvider services, IDurableWriter writer, IOptions<AuthOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await writer.WriteAsync(c =>
        {
            OpenIddictLiteDbExtensions.EnsureIndexes(c.Database);
            UserAccounts.EnsureIndexes(c.Database);
            External.ExternalLogins.EnsureIndexes(c.Database);
            return true;
        }, cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = ExtensionClient.Descriptor(options.Value.ExtensionRedirectUris);
        // Updated on every start so that a changed Auth:ExtensionRedirectUris takes effect.
        if (await applications.FindByClientIdAsync(ExtensionClient.ClientId, cancellationToken) is { } existing)
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        else
            await applications.CreateAsync(descriptor, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
