using System.Security.Cryptography;
using System.Text;
using LiteDB;
using PaperNotes.Server.Storage;

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

internal sealed class LiteDbInviteCodes(IDurableWriter writer, TimeProvider clock) : IInviteCodes
{
    public const string Collection = "invites";

    /// <summary>Crockford's base32: no I, L, O or U to misread when a code is typed from a message.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public async Task<IReadOnlyList<string>> CreateAsync(int count, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = Enumerable.Range(0, count).Select(_ => NewCode()).ToList();
        await writer.WriteAsync(c =>
        {
            var invites = c.Database.GetCollection(Collection);
            foreach (var code in codes)
                invites.Insert(new BsonDocument { ["_id"] = Hash(code), ["createdAt"] = now, ["expiresAt"] = now + lifetime });
            return true;
        }, cancellationToken);
        return codes;
    }

    public Task<bool> RedeemAsync(string code, CancellationToken cancellationToken = default)
    {
        var hash = Hash(code);
        var now = clock.GetUtcNow().UtcDateTime;
        return writer.WriteAsync(c =>
        {
            var invites = c.Database.GetCollection(Collection);
            if (invites.FindById(hash) is not { } invite || !invite["usedAt"].IsNull || invite["expiresAt"].AsDateTime.ToUniversalTime() <= now)
                return false;
            invite["usedAt"] = now;
            return invites.Update(invite);
        }, cancellationToken);
    }

    public Task ReleaseAsync(string code, CancellationToken cancellationToken = default)
    {
        var hash = Hash(code);
        return writer.WriteAsync(c =>
        {
            var invites = c.Database.GetCollection(Collection);
            if (invites.FindById(hash) is not { } invite) return false;
            invite["usedAt"] = BsonValue.Null;
            return invites.Update(invite);
        }, cancellationToken);
    }

    /// <summary>80 random bits as four groups of four, e.g. <c>7K2M-QX9D-R4TB-HW3N</c>.</summary>
    private static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(Alphabet, 16);
        return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
    }

    /// <summary>Case, dashes and spaces do not matter; a typed O or I or L reads as 0 or 1.</summary>
    private static string Hash(string code)
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
