using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;
using OpenIddict.Validation.AspNetCore;
using PaperNotes.Server.Api;
using OpenIddict.Abstractions;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Auth.Revocation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Sync;

/// <summary>
/// The door of <c>/hubs/sync</c>, its negotiate request and its WebSocket. A WebSocket request lasts as long as its
/// connection, and keeps everything the request gathered on its way in: through the app's own pipeline that was a DI
/// scope holding OpenIddict's caches, transactions and token entries, the authentication handlers, and a principal of
/// some thirty claims, 46 KB a connection in <c>bench/PaperNotes.Bench.Sync</c>. The gate checks the origin, then the
/// <c>api</c> policy with the same evaluator, scheme and refusals as <c>/api</c>, but in a DI scope of its own that is
/// disposed before the connection starts; the connection keeps a principal with the one claim the hub reads.
/// Each admitted request is registered with <see cref="IConnectionRevocations"/> for as long as it lasts, so that the
/// token's expiry, or signing its device or account out, ends the connection it opened.
/// </summary>
internal sealed class SyncHubGate(RequestDelegate next, IServiceScopeFactory scopes, SyncOrigins origins,
    IAuthorizationPolicyProvider policies, IProblemDetailsService problems, IConnectionRevocations revocations)
{
    /// <summary>
    /// The hub reads the user id and nothing else (see <see cref="SyncHub"/>); one principal serves all of a user's
    /// connections. Kept for every user who ever connected, like <see cref="LibrarySubscriptions"/>' entries.
    /// </summary>
    private readonly ConcurrentDictionary<string, ClaimsPrincipal> _hubUsers = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!origins.Allows(context.Request))
            await Problems.Forbidden("This origin may not open the sync hub.").ExecuteAsync(context);
        else if (await AdmitAsync(context) is { } admitted)
        {
            using var registration = revocations.Register(admitted, context.Abort);
            await next(context);
        }
    }

    /// <summary>Who the caller is signed in as, or null when refused (401 or 403, problem+json, then written).</summary>
    private async Task<SignedInConnection?> AdmitAsync(HttpContext context)
    {
        var policy = await policies.GetPolicyAsync(AuthExtensions.ApiPolicy)
            ?? throw new InvalidOperationException($"The '{AuthExtensions.ApiPolicy}' policy is not registered.");
        await using var scope = scopes.CreateAsyncScope();
        // The request as authentication sees it: reads go through to the real request, while what authentication
        // adds (its services, OpenIddict's transaction, the full principal) stays on this view and goes with it.
        var view = new DefaultHttpContext(new FeatureCollection(context.Features)) { RequestServices = scope.ServiceProvider };
        // As the authentication middleware does first: OpenIddict's handler starts its transaction on the request.
        var handlers = scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>();
        foreach (var scheme in policy.AuthenticationSchemes)
            if (await handlers.GetHandlerAsync(view, scheme) is IAuthenticationRequestHandler handler
                && await handler.HandleRequestAsync())
                return null;
        var evaluator = scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, view);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, view, resource: null);
        if (!authorization.Succeeded)
        {
            await scope.ServiceProvider.GetRequiredService<IAuthorizationMiddlewareResultHandler>()
                .HandleAsync(_ => Task.CompletedTask, view, policy, authorization);
            // The challenge and the forbid set the status only; the body is problem+json as everywhere else.
            if (!context.Response.HasStarted) await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context });
            return null;
        }
        var token = view.User;
        var expiresAt = authentication.Ticket?.Properties.ExpiresUtc ?? token.GetExpirationDate();
        context.User = _hubUsers.GetOrAdd(token.UserId(), HubUser);
        // SignalR closes the connection when this expires (CloseOnAuthenticationExpiration), by the system clock.
        context.Features.Set<IAuthenticateResultFeature>(new AdmittedUntil(context.User, expiresAt));
        // The token has done its work; a request that lasts as long as its connection does not carry it around.
        context.Request.QueryString = QueryString.Create(context.Request.Query.Where(p => p.Key != Parameters.AccessToken));
        return new SignedInConnection(token.UserId(), token.GetAuthorizationId(), token.GetTokenId(), expiresAt);
    }

    /// <summary>The authentication result SignalR reads its expiry from, built only when it asks.</summary>
    private sealed class AdmittedUntil(ClaimsPrincipal user, DateTimeOffset? expiresAt) : IAuthenticateResultFeature
    {
        private AuthenticateResult? _result;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result ??= AuthenticateResult.Success(new AuthenticationTicket(user,
                new AuthenticationProperties { ExpiresUtc = expiresAt }, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme));
            set => _result = value;
        }
    }

    private static ClaimsPrincipal HubUser(string userId) =>
        new(new ClaimsIdentity([new Claim(Claims.Subject, userId)], OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme));
}
