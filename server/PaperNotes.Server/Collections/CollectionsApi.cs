using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Exports;
using PaperNotes.Server.Library;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Collections;

/// <summary>
/// Shared collections (SPEC §4): libraries with members. Owners rename, share, invite and delete; any member reads and
/// may leave; editors and owners write items and annotations through the library routes. Plus the public page.
/// </summary>
public static class CollectionsApi
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;

    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        // Invitations find users by username in the accounts store.
        services.AddSingleton<IUserDirectory, AccountsUserDirectory>();
        services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.Section)
            .Validate(o => o.UnknownInviteeLimit.IsValid, "Collections:UnknownInviteeLimit:PermitLimit and :Window must be positive.")
            .ValidateOnStart();
        services.AddSingleton<UnknownInviteeThrottle>();
        services.AddSingleton<CollectionLibraries>();
        services.AddSingleton<PublicPage>();
        return services;
    }

    public static RouteGroupBuilder MapCollections(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(PublicLinks.PathPrefix + "{token}", PublicPageOf).ExcludeFromDescription()
            .RequireRateLimiting(ApiExtensions.PerUserRateLimit);

        var group = routes.MapApiGroup("/api/collections", "Collections");
        group.MapPost("/", Create);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", Update);
        group.MapDelete("/{id}", Delete);
        group.MapGet("/{id}/members", Members);
        group.MapPut("/{id}/members/{username}", SetMember);
        group.MapDelete("/{id}/members/{username}", RemoveMember);
        return group;
    }

    internal sealed record Services(CollectionLibraries Collections, ILibraryStore Store, IDurableWriter Writer,
        IdempotencyStore Idempotency, PersonalLibraries Personal, IUserDirectory Users, UnknownInviteeThrottle UnknownInvitees);

    private static async Task<Results<Created<CollectionResponse>, ProblemHttpResult>> Create(
        CreateCollectionRequest request, ClaimsPrincipal user, [AsParameters] Services services, HttpContext http)
    {
        if (Validate(request.Name, request.Description, nameRequired: true) is { } invalid) return invalid;
        // The owner's personal library makes them a known user others can invite.
        await services.Personal.EnsureAsync(user, http.RequestAborted);
        var owner = new KnownUser(user.UserId(), user.Username());
        var (key, keyError) = IdempotencyKey.From(http.Request, owner.UserId, request);
        if (keyError is not null) return Problems.Invalid(IdempotencyKey.Header, keyError);

        var outcome = await services.Writer.WriteAsync(context => services.Idempotency.OnceAsync(context, key, async () =>
        {
            var (info, version) = await services.Collections.CreateAsync(context, request.Name!.Trim(), request.Description?.Trim() ?? "", owner);
            return CollectionResponse.From(info, LibraryRoles.Owner, version);
        }), http.RequestAborted);
        return services.Idempotency.TryAnswer(outcome, http.Response, out var created, out var reused)
            ? Created(created, http)
            : reused;
    }

    private static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> Get(CollectionAccess access,
        CollectionLibraries collections, CancellationToken cancellationToken) =>
        await collections.InfoAsync(access.LibraryId, cancellationToken) is { } info
            ? TypedResults.Ok(CollectionResponse.From(info, access.Member.Role, access.Member.Library.Version))
            : Problems.NotFound($"You have no collection '{access.LibraryId}'.");

    private static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> Update(
        CollectionAccess access, UpdateCollectionRequest request, CollectionLibraries collections, HttpContext http)
    {
        if (!access.IsOwner) return Problems.Forbidden("Only the owner may rename, describe or share a collection.");
        if (request.Name is not null && Validate(request.Name, request.Description, nameRequired: true) is { } badName) return badName;
        if (Validate(null, request.Description, nameRequired: false) is { } badDescription) return badDescription;
        if (await collections.UpdateAsync(access.LibraryId, request, http.RequestAborted) is not { } updated)
            return Problems.NotFound($"You have no collection '{access.LibraryId}'.");
        var (info, version) = updated;
        http.Response.Headers[LibraryAccess.VersionHeader] = version.ToString();
        return TypedResults.Ok(CollectionResponse.From(info, access.Member.Role, version));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        CollectionAccess access, CollectionLibraries collections, HttpContext http)
    {
        if (!access.IsOwner) return Problems.Forbidden("Only the owner may delete a collection; members may leave it.");
        await collections.DeleteAsync(access.LibraryId, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MemberInfo[]>> Members(CollectionAccess access, ILibraryStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.MembersOfAsync(access.LibraryId, cancellationToken))
            .OrderBy(m => m.Role switch { LibraryRoles.Owner => 0, LibraryRoles.Editor => 1, _ => 2 })
            .ThenBy(m => m.Username, StringComparer.OrdinalIgnoreCase)
            .Select(m => new MemberInfo(m.UserId, m.Username, m.Role)).ToArray());

    /// <summary>Invites by username, or changes a member's role (owner only).</summary>
    private static async Task<Results<Ok<MemberInfo>, Created<MemberInfo>, ProblemHttpResult>> SetMember(
        CollectionAccess access, string username, SetMemberRequest request, [AsParameters] Services services, HttpContext http)
    {
        if (!access.IsOwner) return Problems.Forbidden("Only the owner may invite members or change their roles.");
        if (request.Role is not (LibraryRoles.Editor or LibraryRoles.Viewer))
            return Problems.Invalid("role", "role must be editor or viewer.");
        var owner = access.Member.UserId;
        if (services.UnknownInvitees.TryReserve(owner) is { } wait)
            return Problems.RateLimited(http.Response, wait, "Too many unknown usernames",
                "You invited too many usernames that do not exist here; invite again after the Retry-After delay.");
        if (await services.Users.FindByUsernameAsync(username, http.RequestAborted) is not { } user)
            return Problems.Of(StatusCodes.Status404NotFound, CollectionProblems.UnknownUser, "No such user",
                $"Nobody is called '{username}' here.");
        services.UnknownInvitees.Refund(owner);
        if (user.UserId == owner) return OwnerMustStay("The owner's role cannot change.");
        if (await services.Collections.SetMemberAsync(access.LibraryId, user, request.Role, http.RequestAborted) is not { } set)
            return Problems.NotFound($"You have no collection '{access.LibraryId}'.");
        var (member, added, version) = set;
        http.Response.Headers[LibraryAccess.VersionHeader] = version.ToString();
        return added ? TypedResults.Created($"/api/collections/{access.LibraryId}/members/{Uri.EscapeDataString(user.Username)}", member) : TypedResults.Ok(member);
    }

    /// <summary>The owner removes a member; any member removes themself (leaves).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        CollectionAccess access, string username, ILibraryStore store, CollectionLibraries collections, HttpContext http)
    {
        var target = (await store.MembersOfAsync(access.LibraryId, http.RequestAborted)).FirstOrDefault(m => string.Equals(m.Username, username, StringComparison.OrdinalIgnoreCase));
        var leaving = target?.UserId == access.Member.UserId;
        if (leaving && access.IsOwner) return OwnerMustStay("The owner cannot leave; delete the collection instead.");
        if (!leaving && !access.IsOwner) return Problems.Forbidden("Only the owner may remove other members.");
        if (target is null || !await collections.RemoveMemberAsync(access.LibraryId, target.UserId, http.RequestAborted))
            return Problems.NotFound($"'{username}' is not a member of this collection.");
        return TypedResults.NoContent();
    }

    /// <summary><c>GET /c/{token}</c>: the collection's public page while its link is on; a 404 page otherwise.</summary>
    private static async Task<ContentHttpResult> PublicPageOf(string token, CollectionLibraries collections, ILibraryStore store,
        PaperCatalog catalog, PublicPage page, HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = PublicPage.ContentSecurityPolicy;
        headers["X-Robots-Tag"] = "noindex, nofollow";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        // Never kept by shared caches: turning the link off must take effect at once.
        headers.CacheControl = "private, no-cache";
        if (await collections.FindByTokenAsync(token, http.RequestAborted) is not { } shared)
            return TypedResults.Content(PublicPage.NotFound(), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        var (library, info) = shared;
        // The page shows the papers as its owner sees them: what other members captured never reaches it.
        var contents = await LibraryContents.ReadAsync(store, catalog, library, library.OwnerId, http.RequestAborted);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{PublicLinks.UrlOf(token)}";
        return TypedResults.Content(page.Render(info, contents, url), "text/html; charset=utf-8");
    }

    private static Created<CollectionResponse> Created(CollectionResponse created, HttpContext http)
    {
        http.Response.Headers[LibraryAccess.VersionHeader] = created.Version.ToString();
        return TypedResults.Created($"/api/collections/{created.Id}", created);
    }

    private static ProblemHttpResult? Validate(string? name, string? description, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmed = name?.Trim() ?? "";
        if (nameRequired && (trimmed.Length is 0 or > MaxNameLength || trimmed.Any(char.IsControl)))
            errors["name"] = [$"name must have 1 to {MaxNameLength} printable characters."];
        if (description?.Length > MaxDescriptionLength)
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters."];
        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }

    private static ProblemHttpResult OwnerMustStay(string detail) =>
        Problems.Of(StatusCodes.Status409Conflict, CollectionProblems.OwnerMustStay, "The owner stays the owner", detail);
}

/// <summary>Stable <c>type</c>s of this feature's own problems (RFC 9457).</summary>
public static class CollectionProblems
{
    public const string UnknownUser = "urn:papernotes:problem:user-not-found";
    public const string OwnerMustStay = "urn:papernotes:problem:owner-must-stay";
}
