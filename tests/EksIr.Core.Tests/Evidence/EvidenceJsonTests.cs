using System.Text;
using System.Text.Json;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Evidence;

/// <summary>
/// System.Text.Json parses a string holding bytes that are not UTF-8 (or an escaped lone surrogate) and throws only
/// when it is read; evidence JSON is repaired before parsing so that reading it never throws, and the repair is said.
/// </summary>
public sealed class EvidenceJsonTests
{
    /// <summary>ASCII text with raw bytes written as \u0080-\u00FF (each char one byte).</summary>
    private static byte[] Raw(string text) => Encoding.Latin1.GetBytes(text);

    [Fact]
    public void Bytes_that_are_not_utf8_in_a_key_and_a_value_read_as_U_FFFD_and_are_said_with_the_file_and_byte()
    {
        // A stray byte in a key, a lone continuation byte in a value, a 3-byte sequence cut short.
        var bytes = Raw("{\"na\u00FFme\":\"x\u0080y\",\"ok\":\"\u00E2\u0082\"}");
        var problems = new List<EvidenceProblem>();

        using var doc = EvidenceJson.Parse(bytes, "cluster/pods.json", problems);

        var properties = doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.Equal([("na\uFFFDme", "x\uFFFDy"), ("ok", "\uFFFD")], properties);
        Assert.Equal("{\"na\uFFFDme\":\"x\uFFFDy\",\"ok\":\"\uFFFD\"}", doc.RootElement.GetRawText());
        var problem = Assert.Single(problems);
        Assert.Equal(("cluster/pods.json", "byte 4"), (problem.File, problem.Where));
        Assert.StartsWith("4 bytes that are not UTF-8 replaced with U+FFFD", problem.Problem);
    }

    [Fact]
    public void Without_the_repair_the_same_bytes_crash_the_reader()
    {
        var bytes = Raw("{\"a\":\"\u00FF\"}");

        using var doc = JsonDocument.Parse(bytes);

        Assert.Throws<InvalidOperationException>(() => doc.RootElement.GetProperty("a").GetString()); // what the repair is for
    }

    [Fact]
    public void Lone_surrogate_escapes_become_U_FFFD_and_pairs_and_escaped_backslashes_are_left_alone()
    {
        var text = """{"a":"x\ud800y","b":"\udc00","pair":"\ud83d\ude00","not":"\\ud800","hi":"\uD83D\u0041"}""";
        var problems = new List<EvidenceProblem>();

        using var doc = EvidenceJson.Parse(Encoding.UTF8.GetBytes(text), "f.json", problems);

        Assert.Equal("x\uFFFDy", doc.RootElement.GetProperty("a").GetString());
        Assert.Equal("\uFFFD", doc.RootElement.GetProperty("b").GetString());
        Assert.Equal("\U0001F600", doc.RootElement.GetProperty("pair").GetString());
        Assert.Equal("\\ud800", doc.RootElement.GetProperty("not").GetString());
        Assert.Equal("\uFFFDA", doc.RootElement.GetProperty("hi").GetString());
        var problem = Assert.Single(problems);
        Assert.Equal(("f.json", "byte 7"), (problem.File, problem.Where));
        Assert.StartsWith("3 escaped lone surrogates", problem.Problem);
    }

    [Fact]
    public void Malformed_json_after_a_replaced_byte_is_an_error_at_its_place_in_the_file_as_written()
    {
        // Line 2 is {"b":"\xFF\xFF\xFF" x}: the stray x is byte 11 of the line as written (17 once each byte is EF BF BD).
        var bytes = Raw("[1,\n{\"b\":\"\u00FF\u00FF\u00FF\" x}]");
        var problems = new List<EvidenceProblem>();

        var error = Assert.ThrowsAny<JsonException>(() => EvidenceJson.Parse(bytes, "f.json", problems));

        Assert.Equal("line 2, byte 11", EvidenceJson.Where(error));
        Assert.Empty(problems); // nothing is said kept when the file is not read
    }

    [Fact]
    public void Any_json_with_hostile_bytes_and_escapes_put_anywhere_parses_or_fails_as_json_and_every_string_reads()
    {
        var sample = File.ReadAllBytes(Repo.Path("sample-data", "incident-1", "guardduty", "finding-privileged-container.json"));
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], "\\ud800"u8.ToArray(), "\\udfff\\u"u8.ToArray()];
        Gen.Int[0, sample.Length].Array[1, 6].Select(Gen.Int[0, hostile.Length - 1].Array[6]).Sample((positions, which) =>
        {
            var bytes = sample.ToList();
            foreach (var (at, i) in positions.OrderDescending().Zip(which))
            {
                bytes.InsertRange(at, hostile[i]);
            }

            var problems = new List<EvidenceProblem>();
            try
            {
                using var doc = EvidenceJson.Parse([.. bytes], "fuzz.json", problems);
                ReadEverything(doc.RootElement);
            }
            catch (JsonException)
            {
                // malformed: the readers say so with the line and byte
            }

            Assert.All(problems, p => Assert.Equal("fuzz.json", p.File));
        }, iter: 3000);
    }

    private static void ReadEverything(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    _ = p.Name;
                    ReadEverything(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    ReadEverything(item);
                }

                break;
            case JsonValueKind.String:
                _ = e.GetString();
                break;
        }

        _ = e.GetRawText();
    }
}
