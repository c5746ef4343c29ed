using PaperNotes.Server.Admin;
using PaperNotes.Server.Annotations;
using PaperNotes.Server.Api;
using PaperNotes.Server.Auth;
using PaperNotes.Server.Capture;
using PaperNotes.Server.Collections;
using PaperNotes.Server.Exports;
using PaperNotes.Server.Home;
using PaperNotes.Server.Library;
using PaperNotes.Server.Observability;
using PaperNotes.Server.Papers;
using PaperNotes.Server.Rendering;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Sync;
using PaperNotes.Server.WebApp;

// Before the first socket exists: idle sync connections then hold no receive buffer (Sync/InlineSocketCompletions).
InlineSocketCompletions.PreferUnlessConfigured();

var builder = WebApplication.CreateBuilder(AdminCommandLine.HostArguments(args));

// Metrics (papernotes_* and HTTP) for Prometheus, store readiness, logs with trace ids (Observability/).
builder.AddObservability();
// The storage engine Storage:Provider names: embedded LiteDB with group commit, or PostgreSQL (Storage/).
builder.Services.AddStorage(builder.Configuration);
// Sign-in: OpenIddict on the storage engine, accounts, the `api` policy, CORS (Auth/).
builder.Services.AddSignIn();
// The paper catalog that captures fill (Papers/).
builder.Services.AddPapers();
// The Hugging Face Papers page parser behind POST /api/captures (Capture/).
builder.Services.AddCaptures();
// Markdown notes to sanitised HTML, in one place (Rendering/).
builder.Services.AddNoteRendering();
// Live sync: the SignalR hub and the publisher that pushes each durable commit (Sync/).
builder.Services.AddSync();
// RFC 9457 problem+json with stable types, body limits, per-user rate limits, idempotent POSTs, OpenAPI (Api/).
builder.Services.AddApi();
// Libraries, memberships and the versioned object store with its change feed (Library/).
builder.Services.AddLibraries();
// Highlights and notes as a kind of library object (Annotations/).
builder.Services.AddAnnotations();
// Shared collections: members, roles, public pages (Collections/).
builder.Services.AddCollections();
// The web library at /app and its sign-in client papernotes-web (WebApp/).
builder.Services.AddWebApp();

// Operator commands and the loopback channel through which they reach the running server (Admin/).
builder.Services.AddAdmin();

// Forwarded headers from a TLS proxy when configured, HSTS, and browser headers on account pages and /docs (Auth/).
builder.Services.AddTransportSecurity(builder.Configuration);

var app = builder.Build();

// `admin <command>`: run one operator command with this configuration and exit instead of serving.
if (AdminCommandLine.IsRequested(args))
{
    Environment.ExitCode = await AdminCommandLine.RunAsync(app, args);
    return;
}

// First: the client's scheme and address as a trusted proxy gives them (Auth/TransportSecurity).
app.UseTransportSecurity();
// Per-address limits on the account pages, /connect and hub negotiation, before any of their work (Api/AddressRateLimits).
app.UseAddressRateLimits();
// /metrics, on its own port when Metrics:Port is set.
app.UseMetrics();
// /hubs/sync, the live push channel, branches off first: a WebSocket request keeps every frame it passes through for
// the life of its connection, so it gets only its own gate (Sync/SyncHubGate).
app.UseSyncHub();
app.UseExceptionHandler();
app.UseStatusCodePages();
// CORS for the extension's origins on /api and the token endpoints (Auth/Cors); before OpenIddict answers.
app.UseCors();
// Account and /connect forms that no browser sends are a 400 before anything parses them (Auth/FormGuard).
app.UseFormGuard();
app.UseAuthentication();
app.UseAuthorization();
// The JSON body limit and the per-user rate limiter, which needs the signed-in user.
app.UseApi();
// Antiforgery on the account forms (Auth/Accounts).
app.UseAntiforgery();

// /healthz (alive) and /readyz (the store answers).
app.MapHealth();
// The page at / that says what this server is and what to do first (Home/).
app.MapHome();
// Account pages, /connect endpoints and /api/devices (Auth/).
app.MapSignIn();
// /api/me, the change feed, the batch and items.
app.MapLibraries();
// Annotations (Annotations/).
app.MapAnnotations();
// /openapi/v1.json and the Scalar reference at /docs.
app.MapApiDocs();
// GET /api/papers/{id}: a catalog paper.
app.MapPapers();
// POST /api/captures: the papers of a Hugging Face Papers page, parsed and upserted.
app.MapCaptures();
// /api/collections and the public pages at /c/{token}.
app.MapCollections();
// GET /api/libraries/{lib}/export: Markdown, BibTeX, CSL-JSON, W3C Web Annotation JSON-LD.
app.MapExports();
// The web library: a PWA at /app built from web/ (WebApp/).
app.MapWebApp();
// POST /admin/commands, for the admin command on this machine only.
app.MapAdmin();

// The data folder and the addresses to open, on the console once the server listens.
HomePage.PrintDirectionsWhenStarted(app);

app.Run();

/// <summary>Entry point, public so tests can host the app.</summary>
public partial class Program;
