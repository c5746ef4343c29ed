using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PaperNotes.Server.Collections;

/// <summary>
/// Public link tokens: 256 random bits, base64url (43 characters). The token itself is kept in the collection's
/// <c>publicUrl</c> so the owner can copy the link again; the lookup (<see cref="IPublicLinkRecords"/>) holds its SHA-256 in
/// hex, because LiteDB compares strings ignoring case, which would let differently cased guesses match a base64url id.
/// </summary>
internal static class PublicLinks
{
    public const string PathPrefix = "/c/";
    private const int TokenBytes = 32;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    public static string UrlOf(string token) => PathPrefix + token;

    /// <summary>The token of a <c>/c/{token}</c> URL, or null.</summary>
    public static string? TokenOf(string? publicUrl) =>
        publicUrl is not null && publicUrl.StartsWith(PathPrefix, StringComparison.Ordinal) ? publicUrl[PathPrefix.Length..] : null;

    /// <summary>Whether <paramref name="token"/> could be one of ours; anything else is a 404 without a lookup.</summary>
    public static bool IsWellFormed(string token) =>
        token.Length == 43 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>What the lookup is keyed by: never the token itself.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
