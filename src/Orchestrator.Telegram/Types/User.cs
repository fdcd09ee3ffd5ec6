using System.Text.Json.Serialization;

namespace Orchestrator.Telegram.Types;

public sealed class User
{
    public long Id { get; set; }

    public bool IsBot { get; set; }

    public string FirstName { get; set; } = "";

    public string? LastName { get; set; }

    public string? Username { get; set; }

    [JsonIgnore]
    public string DisplayName => Username is { Length: > 0 } ? "@" + Username : (FirstName + " " + LastName).Trim();
}
