using Orchestrator.Bot.Media;

namespace Orchestrator.Bot.Tests.Media;

public sealed class SafeFileNameTests
{
    [Fact]
    public void A_telegram_file_id_is_kept_as_it_is()
    {
        const string id = "AgACAgIAAxkBAAIBZ2Z-abc_DEF-123";
        Assert.Equal(id, SafeFileName.From(id));
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..\\..\\windows")]
    [InlineData("nul\0byte")]
    [InlineData("/absolute")]
    [InlineData("C:\\x")]
    [InlineData("con")]
    [InlineData("LPT1")]
    [InlineData("")]
    [InlineData("spaces and\nnewlines")]
    [InlineData("ünïcödé")]
    public void Anything_else_becomes_a_plain_name_directly_inside_the_folder(string id)
    {
        var name = SafeFileName.From(id);

        Assert.Matches("^[A-Za-z0-9_-]+$", name);
        Assert.DoesNotContain(name.ToUpperInvariant(), new[] { "CON", "PRN", "AUX", "NUL", "LPT1" });
        var folder = Path.Combine(Path.GetTempPath(), "images-test", "telegram");
        var path = SafeFileName.PathUnder(folder, name + ".png");
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(path));
    }

    [Fact]
    public void Ids_that_clean_up_to_the_same_text_still_get_different_names()
    {
        var names = new[] { "a/b", "a\\b", "a_b", "a.b", "a\0b" }.Select(SafeFileName.From).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_very_long_id_is_shortened_and_stays_unique()
    {
        var a = SafeFileName.From(new string('x', 500) + "a");
        var b = SafeFileName.From(new string('x', 500) + "b");

        Assert.True(a.Length <= 120, $"name of {a.Length} characters");
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("sub/inside.png")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    public void PathUnder_refuses_a_name_that_is_not_directly_inside_the_folder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "images-test", "telegram");
        Assert.Throws<InvalidOperationException>(() => SafeFileName.PathUnder(folder, name));
    }
}
