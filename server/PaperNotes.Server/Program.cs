using PaperNotes.Server.Auth;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Sync;

var builder = WebApplication.CreateBuilder(args);

// Embedded LiteDB store with durable group commit (Storage/).
builder.Services.AddStorage();
// Sign-in and the `api` policy (Auth/).
builder.Services.AddPaperNotesAuth();
// Live sync: the SignalR hub and the publisher that pushes each durable commit (Sync/).
builder.Services.AddSync();
// RFC 9457 problem+json for every error.
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// Liveness that proves the store is writable.
app.MapHealth();
// /hubs/sync, the live push channel.
app.MapSync();

app.Run();

/// <summary>Entry point, public so tests can host the app.</summary>
public partial class Program;
