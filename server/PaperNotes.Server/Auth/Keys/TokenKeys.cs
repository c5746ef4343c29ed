using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiteDB;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using PaperNotes.Server.Storage;

namespace PaperNotes.Server.Auth.Keys;

/// <summary>
/// The keys that sign and encrypt tokens. Configured certificates win; otherwise a key pair is created once and kept in
/// the database, so a restart (or a new process on the same data) keeps every issued token valid.
/// </summary>
internal sealed class TokenKeys(PaperNotesDatabase database, IDurableWriter writer, IOptions<AuthOptions> options)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private const string Collection = "auth_keys";

    private const string Id = "token-keys";

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

    /// <summary>Runs once, when OpenIddict first reads its options.</summary>
    private StoredKeys LoadOrCreate()
    {
        var document = database.Database.GetCollection(Collection).FindById(Id) ?? Create();
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(document["signing"].AsBinary, out _);
        return new StoredKeys(
            new RsaSecurityKey(rsa) { KeyId = document["signingKeyId"].AsString },
            new SymmetricSecurityKey(document["encryption"].AsBinary) { KeyId = document["encryptionKeyId"].AsString });
    }

    /// <summary>The first start's keys; the writer makes create-if-absent atomic, so racing first reads keep one pair.</summary>
    private BsonDocument Create()
    {
        // Generated outside the writer (RSA generation takes a while); discarded if keys appeared meanwhile.
        using var fresh = RSA.Create(2048);
        var candidate = new BsonDocument
        {
            ["_id"] = Id,
            ["signingKeyId"] = Guid.NewGuid().ToString("N"),
            ["signing"] = fresh.ExportPkcs8PrivateKey(),
            ["encryptionKeyId"] = Guid.NewGuid().ToString("N"),
            ["encryption"] = RandomNumberGenerator.GetBytes(32),
        };
        return writer.WriteAsync(c =>
        {
            var keys = c.Database.GetCollection(Collection);
            var existing = keys.FindById(Id);
            if (existing is not null) return existing;
            keys.Insert(candidate);
            return candidate;
        }).GetAwaiter().GetResult();
    }
}
