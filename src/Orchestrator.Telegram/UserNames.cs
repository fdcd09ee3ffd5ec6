using Telegram.Bot.Types;

namespace Orchestrator.Telegram;

/// <summary>How the bot names a Telegram user in its messages and the audit log.</summary>
public static class UserNames
{
    extension(User user)
    {
        /// <summary>"@username" when the user has one, else the first and last name.</summary>
        public string DisplayName => user.Username is { Length: > 0 } ? "@" + user.Username : (user.FirstName + " " + user.LastName).Trim();
    }
}
