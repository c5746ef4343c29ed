using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace PaperNotes.Server.Auth.Keys;

/// <summary>
/// The keys that sign and encrypt tokens. Configured certificates win; otherwise a key pair is created once and kept in
/// the database, so a restart (or a new process on the same data) keeps every issued token valid.
/// </summary>
internal sealed class TokenKeys(ITokenKeyRecords records, IOptions<AuthOptions> options)
    : IConfigureOptions<OpenIddictServerOptions>, IHostedService
{
    private TokenKeyMaterial? _loaded;

    /// <summary>
    /// Reads (or makes) the stored keys before the server listens, asynchronously. Options have no async hook, and a
    /// blocking wait on a database read from a socket completion thread (they run inline, Sync/InlineSocketCompletions)
    /// would wait on itself.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value;
        if (auth.SigningCertificate is null || auth.EncryptionCertificate is null)
            _loaded = await records.FindAsync() ?? await records.KeepFirstAsync(Generate());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Configure(OpenIddictServerOptions server)
    {
        var auth = options.Value;
        var stored = auth.SigningCertificate is null || auth.EncryptionCertificate is null ? LoadOrCreate() : null;

        server.SigningCredentials.Add(auth.SigningCertificate is { } signing
            ? new SigningCredentials(new X509SecurityKey(Load(signing)), SecurityAlgorithms.RsaSha256)
            : new SigningCredentials(stored!.Signing, SecurityAlgorithms.RsaSha256));

        server.EncryptionCredentials.Add(auth.EncryptionCertificate is { } encryption
            ? new EncryptingCredentials(new X509SecurityKey(Load(encryption)), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512)
            : new EncryptingCredentials(stored!.Encryption, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static X509Certificate2 Load(AuthOptions.CertificateFile file) =>
        X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password, X509KeyStorageFlags.EphemeralKeySet);

    private sealed record StoredKeys(RsaSecurityKey Signing, SymmetricSecurityKey Encryption);

    /// <summary>Runs once, when OpenIddict first reads its options, from what <see cref="StartAsync"/> loaded.</summary>
    private StoredKeys LoadOrCreate()
    {
        var keys = _loaded ?? throw new InvalidOperationException("Token keys are read when the host starts, before any request.");
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(keys.Signing, out _);
        return new StoredKeys(
            new RsaSecurityKey(rsa) { KeyId = keys.SigningKeyId },
            new SymmetricSecurityKey(keys.Encryption) { KeyId = keys.EncryptionKeyId });
    }

    /// <summary>A candidate for the first start's keys; discarded if another start stored keys first.</summary>
    private static TokenKeyMaterial Generate()
    {
        using var fresh = RSA.Create(2048);
        return new TokenKeyMaterial(Guid.NewGuid().ToString("N"), fresh.ExportPkcs8PrivateKey(),
            Guid.NewGuid().ToString("N"), RandomNumberGenerator.GetBytes(32));
    }
}
