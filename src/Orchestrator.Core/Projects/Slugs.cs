using System.Text;

namespace Orchestrator.Core.Projects;

/// <summary>Slugs: lowercase ASCII letters, digits and single dashes, at most 40 characters.</summary>
public static class Slugs
{
    public const int MaxLength = 40;

    /// <summary>"My App (v2)" → "my-app-v2"; a name with no usable character gives "project".</summary>
    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (Fold(c) is { } folded)
            {
                builder.Append(folded);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        return slug.Length == 0 ? "project" : slug;
    }

    /// <summary>Latin letters with diacritics as ASCII (the host runs with invariant globalization: no Unicode normalization).</summary>
    private static string? Fold(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'ā' => "a",
        'ç' or 'č' or 'ć' => "c",
        'è' or 'é' or 'ê' or 'ë' or 'ē' or 'ě' => "e",
        'ì' or 'í' or 'î' or 'ï' => "i",
        'ñ' or 'ń' => "n",
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' => "o",
        'ù' or 'ú' or 'û' or 'ü' or 'ů' => "u",
        'ý' or 'ÿ' => "y",
        'š' or 'ś' => "s",
        'ž' or 'ź' or 'ż' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ł' => "l",
        'ř' => "r",
        _ => null,
    };

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= MaxLength && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && slug[0] != '-' && slug[^1] != '-';
}
