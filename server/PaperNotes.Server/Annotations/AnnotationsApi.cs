using Microsoft.AspNetCore.Mvc;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Annotations;

/// <summary>Highlights and notes in a library (SPEC §4); they share the library's versions, feed and batch.</summary>
public static class AnnotationsApi
{
    public static RouteGroupBuilder MapAnnotationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/libraries/{lib}/annotations").WithTags("Annotations")
            .RequireAuthorization(AuthExtensions.ApiPolicy).RequireRateLimiting(ApiExtensions.PerUserRateLimit);
        group.MapGet("/{id}", (LibraryAccess access, string id, AnnotationKind kind, LibraryStore store,
            [FromHeader(Name = ObjectEndpoints.IfModifiedSinceVersion)] long? ifModifiedSinceVersion) =>
            ObjectEndpoints.Get(kind, access, id, ifModifiedSinceVersion, store));
        group.MapPut("/{id}", (LibraryAccess access, string id, AnnotationInput input, AnnotationKind kind,
            LibraryStore store, HttpContext http,
            [FromHeader(Name = ObjectEndpoints.IfUnmodifiedSinceVersion)] long? ifUnmodifiedSinceVersion) =>
            ObjectEndpoints.Put(kind, access, id, input, ifUnmodifiedSinceVersion, store, http));
        group.MapDelete("/{id}", (LibraryAccess access, string id, AnnotationKind kind, LibraryStore store,
            HttpContext http, [FromHeader(Name = ObjectEndpoints.IfUnmodifiedSinceVersion)] long? ifUnmodifiedSinceVersion) =>
            ObjectEndpoints.Delete(kind, access, id, ifUnmodifiedSinceVersion, store, http));
        return group;
    }

    /// <summary>Registers annotations as a kind of library object.</summary>
    public static IServiceCollection AddAnnotations(this IServiceCollection services) =>
        services.AddLibraryObjectKind<AnnotationKind>();
}
