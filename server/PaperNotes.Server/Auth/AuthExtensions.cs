namespace PaperNotes.Server.Auth;

public static class AuthExtensions
{
    /// <summary>Name of the policy every <c>/api</c> route and the hub require: a token with scope <c>api</c>.</summary>
    public const string ApiPolicy = "api";

    /// <summary>Authorization policies. The sign-in issue replaces this with OpenIddict server and validation.</summary>
    public static IServiceCollection AddPaperNotesAuth(this IServiceCollection services)
    {
        services.AddAuthentication();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim("sub"));
        return services;
    }
}
