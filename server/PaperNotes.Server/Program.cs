using PaperNotes.Server.Auth;
using PaperNotes.Server.Storage;

var builder = WebApplication.CreateBuilder(args);

// Embedded LiteDB store with durable group commit (Storage/).
builder.Services.AddStorage();
// Sign-in: OpenIddict on LiteDB, accounts, the `api` policy, CORS (Auth/).
builder.Services.AddPaperNotesAuth();
// RFC 9457 problem+json for every error.
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// CORS for the extension's origins on /api, /hubs and the token endpoints (Auth/Cors); before OpenIddict answers.
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
// Antiforgery on the account forms (Auth/Accounts).
app.UseAntiforgery();

// Liveness that proves the store is writable.
app.MapHealth();
// Account pages, /connect endpoints and /api/devices (Auth/).
app.MapSignIn();

app.Run();

/// <summary>Entry point, public so tests can host the app.</summary>
public partial class Program;
