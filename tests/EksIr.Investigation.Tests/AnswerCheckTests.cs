using EksIr.Investigation.Training;

namespace EksIr.Investigation.Tests;

public class AnswerCheckTests
{
    [Theory]
    [InlineData("time", "06:23:31", "2026-11-29T06:23:31.390Z")]
    [InlineData("time", "06:23:31", " 06:23:31 UTC ")]
    [InlineData("time", "06:23:31", "2026-11-29T07:23:31+01:00")]
    [InlineData("set", "/tmp/.x/miner.sh,/tmp/.x/sh", "/tmp/.x/sh, /tmp/.x/miner.sh")]
    [InlineData("set", "a,b", "B a a")]
    [InlineData("text", "Default/Sysdiag", "  default/sysdiag ")]
    [InlineData("number", "5120", "5,120")]
    public void Equivalent_answers_check_the_same(string kind, string expected, string given)
    {
        var expect = AnswerCheck.Expect("7", expected, kind);
        var result = AnswerCheck.Check("7", given, kind, expect);
        Assert.Equal(AnswerVerdict.Correct, result.Verdict);
        Assert.Equal(given.Trim(), result.Answer);
    }

    [Fact]
    public void A_wrong_answer_is_not_yet_with_its_hint_and_a_blank_one_is_unanswered()
    {
        var expect = AnswerCheck.Expect("5", "06:23:31", "time");

        var wrong = AnswerCheck.Check("5", "06:24:05", "time", expect, "the first create pods/exec row");
        var blank = AnswerCheck.Check("5", "  ", "time", expect, "the first create pods/exec row");

        Assert.Equal(AnswerVerdict.Incorrect, wrong.Verdict);
        Assert.Equal("question 5: not yet — '06:24:05' is not the answer; hint: the first create pods/exec row", wrong.Summary);
        Assert.Equal(AnswerVerdict.Unanswered, blank.Verdict);
        Assert.StartsWith("question 5: no answer yet", blank.Summary);
    }

    [Fact]
    public void The_expected_value_reveals_nothing_shared_between_questions_and_bad_kinds_are_named()
    {
        Assert.NotEqual(AnswerCheck.Expect("1", "5120", "number"), AnswerCheck.Expect("2", "5120", "number"));
        Assert.Matches("^[0-9a-f]{64}$", AnswerCheck.Expect("1", "5120", "number"));
        Assert.DoesNotContain("5120", AnswerCheck.Expect("1", "5120", "number"));
        Assert.Equal("--kind colour: one of text, time, set, number", Assert.Throws<InvestigationException>(() => AnswerCheck.Expect("1", "x", "colour")).Message);
    }
}
