using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;
using OpenIddict.Validation.AspNetCore;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PaperNotes.Server.Sync;

/// <summary>
/// The door of <c>/hubs/sync</c>, its negotiate request and its WebSocket. A WebSocket request lasts as long as its
/// connection, and keeps everything the request gathered on its way in: through the app's own pipeline that was a DI
/// scope holding OpenIddict's caches, transactions and token entries, the authentication handlers, and a principal of
/// some thirty claims, 46 KB a connection in <c>bench/PaperNotes.Bench.Sync</c>. The gate checks the origin, then the
/// <c>api</c> policy with the same evaluator, scheme and refusals as <c>/api</c>, but in a DI scope of its own that is
/// disposed before the connection starts; the connection keeps a principal with the one claim the hub reads.
/// </summary>
internal sealed class SyncHubGate(RequestDelegate next, IServiceScopeFactory scopes, SyncOrigins origins,
    IAuthorizationPolicyProvider policies)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!origins.Allows(context.Request))
        {
            await Problems.Forbidden("This origin may not open the sync hub.").ExecuteAsync(context);
            return;
        }
        if (await AuthorizeAsync(context) is not { } user) return;
        context.User = user;
        // The token has done its work; a request that lasts as long as its connection does not carry it around.
        context.Request.QueryString = QueryString.Create(context.Request.Query.Where(p => p.Key != Parameters.AccessToken));
        await next(context);
    }

    /// <summary>The caller as the hub sees it, or <see langword="null"/> once the refusal (401 or 403) is written.</summary>
    private async Task<ClaimsPrincipal?> AuthorizeAsync(HttpContext context)
    {
        var policy = await policies.GetPolicyAsync(AuthExtensions.ApiPolicy)
            ?? throw new InvalidOperationException($"The '{AuthExtensions.ApiPolicy}' policy is not registered.");
        var requestServices = context.Features.Get<IServiceProvidersFeature>();
        await using var scope = scopes.CreateAsyncScope();
        context.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = scope.ServiceProvider });
        try
        {
            // As the authentication middleware does first: OpenIddict's handler starts its transaction on the request.
            var handlers = scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>();
            foreach (var scheme in policy.AuthenticationSchemes)
                if (await handlers.GetHandlerAsync(context, scheme) is IAuthenticationRequestHandler handler
                    && await handler.HandleRequestAsync())
                    return null;
            var evaluator = scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>();
            var authentication = await evaluator.AuthenticateAsync(policy, context);
            var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null);
            if (authorization.Succeeded) return HubUser(context.User);
            await scope.ServiceProvider.GetRequiredService<IAuthorizationMiddlewareResultHandler>()
                .HandleAsync(_ => Task.CompletedTask, context, policy, authorization);
            return null;
        }
        finally
        {
            // What the validation left on the request points into the scope being disposed.
            context.Features.Set<OpenIddictValidationAspNetCoreFeature>(null);
            context.Features.Set(requestServices);
        }
    }

    /// <summary>The hub reads the user id and nothing else (see <see cref="SyncHub"/>).</summary>
    private static ClaimsPrincipal HubUser(ClaimsPrincipal user) =>
        new(new ClaimsIdentity([new Claim("sub", user.UserId())], user.Identity?.AuthenticationType));
}
