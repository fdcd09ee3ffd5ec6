using Orchestrator.Core.Projects;

namespace Orchestrator.Core.Tests.Projects;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("My App (v2)", "my-app-v2")]
    [InlineData("Café Über", "cafe-uber")]
    [InlineData("--__--", "project")]
    [InlineData("api", "api")]
    public void Slugs_are_lowercase_letters_digits_and_single_dashes(string name, string slug)
    {
        Assert.Equal(slug, Slugs.From(name));
        Assert.True(Slugs.IsValid(Slugs.From(name)));
    }

    [Fact]
    public void A_long_name_gives_a_slug_of_at_most_40_characters() =>
        Assert.Equal(40, Slugs.From(new string('a', 100)).Length);
}
