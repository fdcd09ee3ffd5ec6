using System.Globalization;
using Orchestrator.Bot.Commands;
using Orchestrator.Telegram;

namespace Orchestrator.Bot.Access.Commands;

/// <summary>The user an admin command is about: <c>/allow 12345</c>, or <c>/allow</c> as a reply to that user's message.</summary>
internal static class UserArgument
{
    public const string Usage = "a user id (they can send /whoami to see it), or send the command as a reply to one of their messages";

    /// <summary>The user id and, when known, their name; null when the command names nobody (or nonsense).</summary>
    public static (long UserId, string? Name)? Parse(CommandContext context)
    {
        var argument = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (argument is not null)
        {
            return long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? (id, null) : null;
        }

        if (context.Message.ReplyToMessage?.From is { IsBot: false } author)
        {
            return (author.Id, author.DisplayName);
        }

        return null;
    }

    /// <summary>
    /// The user <paramref name="context"/>'s command is about, with how to name them in replies; null once the admin
    /// was told how to name one.
    /// </summary>
    public static async Task<(long UserId, string? Name, string Who)?> RequireAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (Parse(context) is not var (userId, name))
        {
            await context.ReplyAsync($"Whom? Give {Usage}.", cancellationToken);
            return null;
        }

        return (userId, name, Describe(userId, name));
    }

    public static string Describe(long userId, string? name) =>
        name is null ? userId.ToString(CultureInfo.InvariantCulture) : $"{name} ({userId.ToString(CultureInfo.InvariantCulture)})";
}
