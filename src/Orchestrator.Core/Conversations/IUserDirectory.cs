namespace Orchestrator.Core.Conversations;

/// <summary>A user the bot knows, and their role.</summary>
public sealed record UserView(long UserId, string? Name, CallerRole Role, string Source);

/// <summary>The bot's users and roles (from configuration and <c>/allow</c> grants), read by the API on every request.</summary>
public interface IUserDirectory
{
    /// <summary>The role of <paramref name="userId"/> outside any chat (grants scoped to one group do not count).</summary>
    CallerRole RoleOf(long userId);

    IReadOnlyList<UserView> List();
}
