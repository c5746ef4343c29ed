using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth.Connect;

namespace PaperNotes.Server.Auth;

/// <summary>Before the server listens: the extension client as configured now.</summary>
internal sealed class SignInStartup(IServiceProvider services, IOptions<AuthOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var descriptor = ExtensionClient.Descriptor(options.Value.ExtensionRedirectUris);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            try
            {
                // Updated on every start so that a changed Auth:ExtensionRedirectUris takes effect.
                if (await applications.FindByClientIdAsync(ExtensionClient.ClientId, cancellationToken) is { } existing)
                    await applications.UpdateAsync(existing, descriptor, cancellationToken);
                else
                    await applications.CreateAsync(descriptor, cancellationToken);
                return;
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                // Another process on the same database created or updated the client at the same moment: look again.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
