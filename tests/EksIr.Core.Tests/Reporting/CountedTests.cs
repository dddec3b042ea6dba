using EksIr.Core.Reporting;

namespace EksIr.Core.Tests.Reporting;

public sealed class CountedTests
{
    [Theory]
    [InlineData(0, "0 rows")]
    [InlineData(1, "1 row")]
    [InlineData(2, "2 rows")]
    [InlineData(12345, "12,345 rows")]
    public void A_count_says_its_noun_in_the_right_number(long count, string said) => Assert.Equal(said, Counted.Of(count, "row"));

    [Fact]
    public void An_irregular_plural_is_given() => Assert.Equal("3 entries", Counted.Of(3, "entry", "entries"));
}
