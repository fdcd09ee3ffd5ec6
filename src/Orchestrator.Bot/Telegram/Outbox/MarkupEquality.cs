using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Structural comparison of inline keyboards (the Telegram types are mutable classes without value equality).</summary>
internal static class MarkupEquality
{
    public static bool AreEqual(InlineKeyboardMarkup? a, InlineKeyboardMarkup? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var rowsA = Rows(a);
        var rowsB = Rows(b);
        if (rowsA.Length != rowsB.Length)
        {
            return false;
        }

        for (var r = 0; r < rowsA.Length; r++)
        {
            var rowA = rowsA[r];
            var rowB = rowsB[r];
            if (rowA.Length != rowB.Length)
            {
                return false;
            }

            for (var c = 0; c < rowA.Length; c++)
            {
                if (!ButtonEquals(rowA[c], rowB[c]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static int GetHashCode(InlineKeyboardMarkup? markup)
    {
        var hash = new HashCode();
        foreach (var row in markup?.InlineKeyboard ?? [])
        {
            foreach (var button in row ?? [])
            {
                hash.Add(button?.Text, StringComparer.Ordinal);
                hash.Add(button?.CallbackData, StringComparer.Ordinal);
                hash.Add(button?.Url, StringComparer.Ordinal);
            }

            hash.Add('|');
        }

        return hash.ToHashCode();
    }

    private static InlineKeyboardButton[][] Rows(InlineKeyboardMarkup? markup) =>
        [.. (markup?.InlineKeyboard ?? []).Select(row => (row ?? []).ToArray())];

    private static bool ButtonEquals(InlineKeyboardButton? a, InlineKeyboardButton? b) =>
        ReferenceEquals(a, b)
        || (a is not null && b is not null
            && string.Equals(a.Text, b.Text, StringComparison.Ordinal)
            && string.Equals(a.CallbackData, b.CallbackData, StringComparison.Ordinal)
            && string.Equals(a.Url, b.Url, StringComparison.Ordinal));
}
