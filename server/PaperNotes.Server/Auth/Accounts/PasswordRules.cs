namespace PaperNotes.Server.Auth.Accounts;

/// <summary>
/// What a new password must be: 8 to 256 characters, not blank, not one character repeated, not the username, and
/// not among the passwords that guessing lists try first (a small built-in list of those of 8 characters or more).
/// </summary>
internal static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 256;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword",
        "12345678", "123456789", "1234567890", "12341234", "11223344", "87654321", "00000000", "01234567",
        "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "zaq12wsx", "asdfghjk",
        "asdfasdf", "zxcvbnm1", "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "superman",
        "starwars", "whatever", "trustno1", "letmein1", "welcome1", "welcome123", "changeme", "computer", "internet",
        "michelle", "jennifer", "abcd1234", "abcdefgh", "abc12345", "aa123456", "master12", "dragon12", "monkey12",
        "shadow12", "secret12", "admin123", "administrator", "qazwsxedc", "q1w2e3r4", "q1w2e3r4t5", "1234qwer",
        "papernotes", "papernotes1", "huggingface",
    };

    /// <summary>Why <paramref name="password"/> will not do for <paramref name="username"/>, or null when it will.</summary>
    public static string? Problem(string? password, string username) => password switch
    {
        null or { Length: < MinLength or > MaxLength } => $"Use at least {MinLength} characters (at most {MaxLength}).",
        _ when string.IsNullOrWhiteSpace(password) || password.All(c => c == password[0]) =>
            "Use more than one kind of character.",
        _ when Common.Contains(password.Trim()) || string.Equals(password.Trim(), username, StringComparison.OrdinalIgnoreCase) =>
            "This password is among the first that guessers try. Choose another.",
        _ => null,
    };
}
