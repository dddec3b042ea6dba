using System.Text;
using CsCheck;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Tests.FileSystems;

public sealed class RawPathTests
{
    [Fact]
    public void Every_byte_path_is_shown_so_that_parsing_the_display_gives_the_same_bytes()
    {
        Gen.Byte.Array[0, 64].Sample(bytes => Assert.Equal(bytes, RawPath.Parse(RawPath.Display(bytes))), iter: 20_000);
    }

    [Fact]
    public void Text_that_spells_escapes_is_shown_with_its_backslashes_escaped()
    {
        var spelled = Encoding.UTF8.GetBytes("\\x2e\\x2e\\x2fetc");

        Assert.Equal("\\x5cx2e\\x5cx2e\\x5cx2fetc", RawPath.Display(spelled));
        Assert.Equal(spelled, RawPath.Parse(RawPath.Display(spelled)));
    }

    [Fact]
    public void Control_characters_are_shown_never_obeyed()
    {
        // A newline (a fabricated bodyfile row), ESC (a terminal escape), DEL and the C1 control CSI (U+009B).
        var name = Encoding.UTF8.GetBytes("a\nb\u001b[31mc\u007fd\u009be");

        var shown = RawPath.Display(name);

        Assert.Equal("a\\x0ab\\x1b[31mc\\x7fd\\xc2\\x9be", shown);
        Assert.DoesNotContain(shown, c => char.IsControl(c));
    }

    [Fact]
    public void Names_keep_their_text_and_invalid_utf8_is_escaped()
    {
        Assert.Equal("café", RawPath.Display(Encoding.UTF8.GetBytes("café")));
        Assert.Equal("caf\\xe9", RawPath.Display([(byte)'c', (byte)'a', (byte)'f', 0xe9]));
        Assert.Equal("\\xed\\xa0\\x80", RawPath.Display([0xed, 0xa0, 0x80])); // a UTF-16 surrogate is not UTF-8
    }

    [Theory]
    [InlineData("\\x2e\\x2e")]
    [InlineData("\\x2e")]
    [InlineData("a\\x2fb")]
    [InlineData("a\\x00b")]
    public void A_displayed_name_that_decodes_to_a_way_out_is_refused(string display)
    {
        Assert.Throws<FormatException>(() => RawPath.ParseName(display));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Text_from_inside_evidence_that_is_not_one_name_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => RawPath.Name(text));
    }
}
