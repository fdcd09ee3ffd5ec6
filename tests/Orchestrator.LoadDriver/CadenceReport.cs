using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// How often each chat's view changed: the gaps between consecutive accepted sendMessage/editMessageText calls of a
/// chat (the rate budget a chat actually got), and how many messages (pages) the chats' answers took.
/// </summary>
internal sealed class CadenceReport
{
    private readonly double[] _gaps;

    private CadenceReport(double[] gaps, int pages, int chats)
    {
        _gaps = gaps;
        Pages = pages;
        Chats = chats;
    }

    public int Pages { get; }

    public int Chats { get; }

    public double P(double q) =>
        _gaps.Length == 0 ? double.NaN : _gaps[Math.Clamp((int)Math.Ceiling(q * _gaps.Length) - 1, 0, _gaps.Length - 1)];

    public static CadenceReport Build(IReadOnlyList<FakeRequest> requests)
    {
        var byChat = requests
            .Where(r => r.StatusCode == 200 && r.ChatId is not null && (r.Method is "sendMessage" or "editMessageText" or "sendMessageDraft"))
            .GroupBy(r => r.ChatId!.Value)
            .Select(g => g.OrderBy(r => r.Time).ToArray())
            .ToArray();
        var gaps = byChat
            .SelectMany(calls => calls.Zip(calls.Skip(1), (a, b) => (b.Time - a.Time).TotalMilliseconds))
            .Order()
            .ToArray();
        var pages = byChat.Sum(calls => calls.Count(c => c.Method == "sendMessage"));
        return new CadenceReport(gaps, pages, byChat.Length);
    }
}
