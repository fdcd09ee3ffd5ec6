using System.Security.Cryptography;

namespace Orchestrator.Core.CodingSessions;

/// <summary>Short session ids: 6 characters of <c>[a-z0-9]</c> (2 billion values; the store refuses a taken one and a new one is drawn).</summary>
public static class SessionIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 6);

    public static bool IsWellFormed(string id) => id.Length == 6 && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
