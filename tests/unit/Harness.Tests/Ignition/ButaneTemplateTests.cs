using Harness.Ignition;

namespace Harness.Tests.Ignition;

public sealed class ButaneTemplateTests
{
    [Fact]
    public void Placeholders_are_replaced_everywhere()
    {
        var text = ButaneTemplate.Render("a={{A}} b={{B_2}} again={{A}}", new Dictionary<string, string> { ["A"] = "1", ["B_2"] = "two" }, "t.bu");

        Assert.Equal("a=1 b=two again=1", text);
    }

    [Fact]
    public void A_placeholder_without_a_value_is_named_with_its_line_and_column()
    {
        var e = Assert.Throws<ButaneException>(() => ButaneTemplate.Render("x: 1\ny: {{NAME}}\n", new Dictionary<string, string>(), "t.bu"));

        Assert.Equal("t.bu:2:4: no value for placeholder(s) {{NAME}}; pass them to the template", e.Message);
    }

    [Fact]
    public void A_value_without_a_placeholder_is_refused()
    {
        var e = Assert.Throws<ButaneException>(() => ButaneTemplate.Render("x: {{A}}", new Dictionary<string, string> { ["A"] = "1", ["ADRESS"] = "typo" }, "t.bu"));

        Assert.Contains("value(s) for ADRESS but no such placeholder", e.Message, StringComparison.Ordinal);
    }
}
