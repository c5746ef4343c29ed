using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth.Connect;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Auth.Devices;

/// <summary>The caller's signed-in devices, and signing one out (SPEC §3).</summary>
public static class DevicesApi
{
    public static RouteGroupBuilder MapDevices(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/devices", "Devices");
        group.MapGet("/", List);
        group.MapDelete("/{id}", SignOut);
        return group;
    }

    private static async Task<Ok<DeviceList>> List(HttpContext http,
        IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, TimeProvider clock, CancellationToken ct)
    {
        var current = http.User.GetAuthorizationId();
        var now = clock.GetUtcNow();
        var devices = new List<Device>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(http.User.UserId(), ct))
        {
            if (!await authorizations.HasStatusAsync(authorization, Statuses.Valid, ct)) continue;
            var id = (await authorizations.GetIdAsync(authorization, ct))!;
            var (alive, lastActive) = await RefreshStateAsync(tokens, id, now, ct);
            if (!alive) continue;
            var properties = await authorizations.GetPropertiesAsync(authorization, ct);
            var name = properties.TryGetValue(ConnectApi.DeviceProperty, out var value) ? value.GetString() : null;
            devices.Add(new Device(id, name ?? "Unknown device",
                await authorizations.GetCreationDateAsync(authorization, ct), lastActive, id == current));
        }
        return TypedResults.Ok(new DeviceList([.. devices.OrderByDescending(d => d.LastActiveAt)]));
    }

    /// <summary>A device is signed in while one of its refresh tokens can still be used; its last activity is its newest token.</summary>
    private static async Task<(bool Alive, DateTimeOffset? LastActive)> RefreshStateAsync(IOpenIddictTokenManager tokens,
        string authorizationId, DateTimeOffset now, CancellationToken ct)
    {
        var alive = false;
        DateTimeOffset? lastActive = null;
        await foreach (var token in tokens.FindByAuthorizationIdAsync(authorizationId, ct))
        {
            var created = await tokens.GetCreationDateAsync(token, ct);
            if (created > lastActive || lastActive is null) lastActive = created;
            if (alive || !await tokens.HasTypeAsync(token, TokenTypeIdentifiers.RefreshToken, ct)
                || !await tokens.HasStatusAsync(token, Statuses.Valid, ct)) continue;
            alive = await tokens.GetExpirationDateAsync(token, ct) is not { } expires || expires > now;
        }
        return (alive, lastActive);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOut(string id, HttpContext http,
        IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, CancellationToken ct)
    {
        var authorization = await authorizations.FindByIdAsync(id, ct);
        // Someone else's device is as unknown as a missing one.
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, ct) != http.User.UserId())
            return Problems.NotFound($"You have no signed-in device '{id}'.");
        await authorizations.TryRevokeAsync(authorization, ct);
        await tokens.RevokeByAuthorizationIdAsync(id, ct);
        return TypedResults.NoContent();
    }
}
