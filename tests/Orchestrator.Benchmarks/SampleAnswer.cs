using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>A deterministic agent-like answer of a given length: headings, prose with inline markup, lists, code fences, quotes.</summary>
internal static class SampleAnswer
{
    public static string Create(int length)
    {
        var sb = new StringBuilder(length + 1024);
        for (var i = 0; sb.Length < length; i++)
        {
            sb.Append("## Step ").Append(i).Append("\n\n");
            sb.Append("The agent **edited** `src/Feature").Append(i).Append(".cs` and ran the tests; see [the docs](https://example.com/")
              .Append(i).Append("). Values like a < b && c > d are escaped, \"quotes\" too, and *emphasis* works.\n\n");
            sb.Append("- first item with `code`\n- second item, _italic_\n1. numbered ~~struck~~\n\n");
            sb.Append("```csharp\n");
            for (var line = 0; line < 8; line++)
            {
                sb.Append("    public int F").Append(i).Append('_').Append(line).Append("(int x) => x < 10 ? x : x * 2; // <&>\n");
            }

            sb.Append("```\n\n> Note: the build is green 👍\n\n");
        }

        return sb.ToString(0, length);
    }
}
