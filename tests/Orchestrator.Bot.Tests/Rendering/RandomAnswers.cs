using System.Text;

namespace Orchestrator.Bot.Tests.Rendering;

/// <summary>
/// A seeded generator of agent-answer-like text for property tests: words, HTML-special characters, unicode
/// (emoji with surrogate pairs, combining sequences, CJK), long lines without spaces, blank lines, and — unless
/// <c>markers</c> is false — Markdown markers in every arrangement, paired or not.
/// </summary>
internal sealed class RandomAnswers(int seed)
{
    private static readonly string[] Words =
    [
        "the", "agent", "edited", "Program.cs", "and", "ran", "tests", "—", "ok", "привет", "数据", "naïve", "x", "42", "1.", "a>b",
        "<", "&", "\"", "'", "&amp;", "&lt;b&gt;", "<b>", "</i>", "<foo bar=\"1\">", "😀", "👍🏽", "👨‍👩‍👧", "🇺🇦", "é", "\t",
    ];

    private static readonly string[] MarkerFragments =
    [
        "**", "*", "_", "__", "~~", "~", "`", "``", "***", "\\*", "\\", "[", "]", "(", ")", "#", "-", "+",
        "**bold**", "*it*", "_it_", "~~del~~", "`code <&>`", "***both***", "**open", "close**", "snake_case_name",
        "[link](https://example.com/?a=1&b=\"<2>\")", "[bad](javascript:alert(1))", "[t](tg://user?id=1)", "[](http://x.y)",
        "\n```csharp\n", "\n```\n", "\n~~~\n", "\n``` weird\"<>\n", "\n# Heading *x*\n", "\n## \n", "\n- item **b**\n",
        "\n* star item\n", "\n  + nested\n", "\n> quote _q_\n", "\n>\n", "\n> > nested\n", "\n1. numbered\n", "\n---\n",
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public int Next(int min, int max) => _random.Next(min, max);

    public string Text(int length, bool markers)
    {
        var sb = new StringBuilder(length + 64);
        while (sb.Length < length)
        {
            var roll = _random.Next(100);
            if (roll < 45)
            {
                sb.Append(Words[_random.Next(Words.Length)]);
                sb.Append(' ');
            }
            else if (roll < 55)
            {
                sb.Append(_random.Next(4) == 0 ? "\n\n" : "\n");
            }
            else if (roll < 58)
            {
                sb.Append(_random.Next(5) == 0 ? "\r\n" : "   ");
            }
            else if (roll < 60)
            {
                // a long line without spaces, sometimes of emoji (surrogate pairs)
                var unit = _random.Next(3) == 0 ? "😀" : _random.Next(2) == 0 ? "x" : "&<";
                var count = _random.Next(50, 3000);
                for (var k = 0; k < count; k++)
                {
                    sb.Append(unit);
                }
            }
            else if (markers && roll < 95)
            {
                sb.Append(MarkerFragments[_random.Next(MarkerFragments.Length)]);
                if (_random.Next(2) == 0)
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append((char)_random.Next('a', 'z' + 1));
            }
        }

        return sb.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> into random deltas (sometimes splitting surrogate pairs, like a byte stream would not).</summary>
    public List<string> Chunks(string text)
    {
        var chunks = new List<string>();
        var maxChunk = _random.Next(4) switch { 0 => 2, 1 => 20, 2 => 200, _ => 3000 };
        for (var i = 0; i < text.Length;)
        {
            var size = Math.Min(text.Length - i, 1 + _random.Next(maxChunk));
            chunks.Add(text.Substring(i, size));
            i += size;
        }

        return chunks;
    }
}
