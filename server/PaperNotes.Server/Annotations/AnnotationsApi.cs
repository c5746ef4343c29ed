using PaperNotes.Server.Api;
using PaperNotes.Server.Library;

namespace PaperNotes.Server.Annotations;

/// <summary>Highlights and notes in a library (SPEC §4); they share the library's versions, feed and batch.</summary>
public static class AnnotationsApi
{
    public static RouteGroupBuilder MapAnnotations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("/api/libraries/{lib}/annotations", "Annotations");
        group.MapObjectRoutes<AnnotationKind, AnnotationInput>("/{key}");
        return group;
    }

    /// <summary>Registers annotations as a kind of library object.</summary>
    public static IServiceCollection AddAnnotations(this IServiceCollection services) =>
        services.AddLibraryObjectKind<AnnotationKind>();
}
