using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Auth.Keys;

/// <summary>The token signing key (PKCS#8 RSA) and encryption key (256 bits), each with its key id.</summary>
internal sealed record TokenKeyMaterial(string SigningKeyId, byte[] Signing, string EncryptionKeyId, byte[] Encryption);

/// <summary>Where <see cref="TokenKeys"/> keeps the keys made at first start.</summary>
internal interface ITokenKeyRecords
{
    Task<TokenKeyMaterial?> FindAsync();

    /// <summary>Stores <paramref name="candidate"/> unless keys exist; answers the keys stored (the first start's wins).</summary>
    Task<TokenKeyMaterial> KeepFirstAsync(TokenKeyMaterial candidate);
}

/// <summary>Collection <c>auth_keys</c>, one document.</summary>
internal sealed class LiteDbTokenKeyRecords(PaperNotesDatabase database, IDurableWriter writer) : ITokenKeyRecords
{
    private const string Collection = "auth_keys";
    private const string Id = "token-keys";

    public Task<TokenKeyMaterial?> FindAsync() => Task.FromResult(Read(database.Database.GetCollection(Collection).FindById(Id)));

    public Task<TokenKeyMaterial> KeepFirstAsync(TokenKeyMaterial candidate) => writer.WriteAsync(context =>
    {
        var keys = context.LiteDb().GetCollection(Collection);
        if (Read(keys.FindById(Id)) is { } existing) return Task.FromResult(existing);
        keys.Insert(new BsonDocument
        {
            ["_id"] = Id,
            ["signingKeyId"] = candidate.SigningKeyId,
            ["signing"] = candidate.Signing,
            ["encryptionKeyId"] = candidate.EncryptionKeyId,
            ["encryption"] = candidate.Encryption,
        });
        return Task.FromResult(candidate);
    });

    private static TokenKeyMaterial? Read(BsonDocument? d) => d is null ? null : new TokenKeyMaterial(
        d["signingKeyId"].AsString, d["signing"].AsBinary, d["encryptionKeyId"].AsString, d["encryption"].AsBinary);
}

/// <summary>Table <c>token_keys</c>, one row; <c>ON CONFLICT DO NOTHING</c> keeps the first of racing processes.</summary>
internal sealed class PostgresTokenKeyRecords(PostgresDatabase database, IDurableWriter writer) : ITokenKeyRecords
{
    private const string Id = "token-keys";

    public async Task<TokenKeyMaterial?> FindAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.Command(
            "SELECT signing_key_id, signing, encryption_key_id, encryption FROM token_keys WHERE id = $1").Bind(Id);
        return await command.ReadOneAsync(r => new TokenKeyMaterial(
            r.GetString(0), r.GetFieldValue<byte[]>(1), r.GetString(2), r.GetFieldValue<byte[]>(3)));
    }

    public async Task<TokenKeyMaterial> KeepFirstAsync(TokenKeyMaterial candidate)
    {
        await writer.WriteAsync(async context =>
        {
            await using var command = ((PostgresWriteContext)context).Command("""
                INSERT INTO token_keys (id, signing_key_id, signing, encryption_key_id, encryption) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO NOTHING
                """).Bind(Id, candidate.SigningKeyId, candidate.Signing, candidate.EncryptionKeyId, candidate.Encryption);
            return await command.ExecuteNonQueryAsync();
        });
        return (await FindAsync())!;
    }
}
