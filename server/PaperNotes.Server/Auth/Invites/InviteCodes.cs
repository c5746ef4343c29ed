using System.Security.Cryptography;
using System.Text;
using LiteDB;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;
using PaperNotes.Server.Storage.Postgres;

namespace PaperNotes.Server.Auth.Invites;

/// <summary>Single-use, expiring invite codes. Only their hashes are stored: a copy of the store lets nobody in.</summary>
public interface IInviteCodes
{
    /// <summary>Creates <paramref name="count"/> codes valid for <paramref name="lifetime"/>; answers them in clear, once.</summary>
    Task<IReadOnlyList<string>> CreateAsync(int count, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>Marks the code used, atomically; false when it is unknown, used or expired.</summary>
    Task<bool> RedeemAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Makes a redeemed code usable again, when the registration it admitted did not happen.</summary>
    Task ReleaseAsync(string code, CancellationToken cancellationToken = default);
}

/// <summary>Codes in clear for the admin, and the hash each is stored under.</summary>
internal static class InviteCode
{
    /// <summary>Crockford's base32: no I, L, O or U to misread when a code is typed from a message.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>80 random bits as four groups of four, e.g. <c>7K2M-QX9D-R4TB-HW3N</c>.</summary>
    public static string New()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 16);
        return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
    }

    /// <summary>Case, dashes and spaces do not matter; a typed O or I or L reads as 0 or 1.</summary>
    public static string Hash(string code)
    {
        var canonical = new StringBuilder();
        foreach (var c in code.ToUpperInvariant())
        {
            if (c is '-' or ' ') continue;
            canonical.Append(c switch { 'O' => '0', 'I' or 'L' => '1', _ => c });
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}

/// <summary>Collection <c>invites</c>.</summary>
internal sealed class LiteDbInviteCodes(IDurableWriter writer, TimeProvider clock) : IInviteCodes
{
    public const string Collection = "invites";

    public async Task<IReadOnlyList<string>> CreateAsync(int count, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = Enumerable.Range(0, count).Select(_ => InviteCode.New()).ToList();
        await writer.WriteLiteDbAsync(c =>
        {
            var invites = c.GetCollection(Collection);
            foreach (var code in codes)
                invites.Insert(new BsonDocument { ["_id"] = InviteCode.Hash(code), ["createdAt"] = now, ["expiresAt"] = now + lifetime });
            return true;
        }, cancellationToken);
        return codes;
    }

    public Task<bool> RedeemAsync(string code, CancellationToken cancellationToken = default)
    {
        var hash = InviteCode.Hash(code);
        var now = clock.GetUtcNow().UtcDateTime;
        return writer.WriteLiteDbAsync(c =>
        {
            var invites = c.GetCollection(Collection);
            if (invites.FindById(hash) is not { } invite || !invite["usedAt"].IsNull || invite["expiresAt"].AsDateTime.ToUniversalTime() <= now)
                return false;
            invite["usedAt"] = now;
            return invites.Update(invite);
        }, cancellationToken);
    }

    public Task ReleaseAsync(string code, CancellationToken cancellationToken = default)
    {
        var hash = InviteCode.Hash(code);
        return writer.WriteLiteDbAsync(c =>
        {
            var invites = c.GetCollection(Collection);
            if (invites.FindById(hash) is not { } invite) return false;
            invite["usedAt"] = BsonValue.Null;
            return invites.Update(invite);
        }, cancellationToken);
    }
}

/// <summary>Table <c>invites</c>; redeeming is one conditional UPDATE, so two registrations cannot use one code.</summary>
internal sealed class PostgresInviteCodes(IDurableWriter writer, TimeProvider clock) : IInviteCodes
{
    public async Task<IReadOnlyList<string>> CreateAsync(int count, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var codes = Enumerable.Range(0, count).Select(_ => InviteCode.New()).ToList();
        await writer.WriteAsync(async c =>
        {
            await using var command = ((PostgresWriteContext)c).Command("""
                INSERT INTO invites (code_hash, created_at, expires_at) SELECT h, $2, $3 FROM unnest($1::text[]) AS h
                """).Bind(codes.Select(InviteCode.Hash).ToArray(), now, now + lifetime);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return codes;
    }

    public Task<bool> RedeemAsync(string code, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(async c =>
        {
            await using var command = ((PostgresWriteContext)c).Command("""
                UPDATE invites SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
                """).Bind(InviteCode.Hash(code), clock.GetUtcNow());
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task ReleaseAsync(string code, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(async c =>
        {
            await using var command = ((PostgresWriteContext)c).Command("UPDATE invites SET used_at = NULL WHERE code_hash = $1")
                .Bind(InviteCode.Hash(code));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
