namespace Orchestrator.Telegram.Types.ReplyMarkups;

public sealed class InlineKeyboardMarkup
{
    public InlineKeyboardMarkup()
    {
    }

    public InlineKeyboardMarkup(IEnumerable<IEnumerable<InlineKeyboardButton>> rows) =>
        InlineKeyboard = rows.Select(r => r.ToArray()).ToArray();

    public InlineKeyboardButton[][] InlineKeyboard { get; set; } = [];

    public static InlineKeyboardMarkup Empty() => new();
}

public sealed class InlineKeyboardButton
{
    public string Text { get; set; } = "";

    public string? CallbackData { get; set; }

    public string? Url { get; set; }

    public static InlineKeyboardButton WithCallbackData(string text, string callbackData) =>
        new() { Text = text, CallbackData = callbackData };

    public static InlineKeyboardButton WithUrl(string text, string url) => new() { Text = text, Url = url };
}
