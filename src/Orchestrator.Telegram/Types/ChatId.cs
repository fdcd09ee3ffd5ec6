namespace Orchestrator.Telegram.Types;

/// <summary>A chat's numeric id or a channel's @username, as Telegram.Bot's ChatId.</summary>
public sealed record ChatId
{
    public ChatId(long identifier) => Identifier = identifier;

    public ChatId(string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        Username = username.StartsWith('@') ? username : "@" + username;
    }

    public long? Identifier { get; }

    public string? Username { get; }

    public static implicit operator ChatId(long identifier) => new(identifier);

    public static implicit operator ChatId(string username) => new(username);

    public override string ToString() => Identifier?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Username!;
}
