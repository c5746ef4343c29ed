using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Connect;

/// <summary>
/// The second public client, the web library at <c>/app</c> (SPEC §8): code flow with PKCE S256 and refresh-token
/// rotation like the extension, with one exact redirect URI per address of this server, <c>&lt;server&gt;/app/callback</c>.
/// </summary>
public static class WebAppClient
{
    public const string ClientId = "papernotes-web";

    public const string CallbackPath = "/app/callback";

    public static OpenIddictApplicationDescriptor Descriptor(IEnumerable<string> redirectUris) =>
        ExtensionClient.PublicClientDescriptor(ClientId, ApplicationTypes.Web, "PaperNotes web library", redirectUris);

    /// <summary>
    /// <c>&lt;server&gt;/app/callback</c> for the configured issuer (the public address behind a proxy) and for every
    /// address the server listens on with a concrete host. A wildcard bind (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>,
    /// <c>*</c>) names no address a browser uses, so such a server needs <c>Auth:Issuer</c>.
    /// </summary>
    public static IReadOnlyList<string> RedirectUris(string? issuer, IEnumerable<string> listening)
    {
        var fromIssuer = issuer is null ? [] : new[] { issuer.TrimEnd('/') + CallbackPath };
        var fromAddresses = listening
            .Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null)
            .Where(uri => uri is { Scheme: "http" or "https" } && uri.Host is not ("0.0.0.0" or "[::]" or "+" or "*"))
            .Select(uri => uri!.GetLeftPart(UriPartial.Authority) + CallbackPath);
        return fromIssuer.Concat(fromAddresses).Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// Registers (or updates) the web client once the server listens, when its addresses are known; so a changed port or
/// issuer takes effect on the next start, as <see cref="SignInStartup"/> does for the extension client.
/// </summary>
internal sealed class WebAppClientRegistration(IServiceProvider services, IServer server, IOptions<AuthOptions> options)
    : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var descriptor = WebAppClient.Descriptor(WebAppClient.RedirectUris(options.Value.Issuer, listening));
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(WebAppClient.ClientId, cancellationToken) is { } existing)
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        else
            await applications.CreateAsync(descriptor, cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
