using System.Text.RegularExpressions;

namespace Clipper.Architecture.Tests;

/// <summary>
/// Every test is named Method_Condition_Expectation: the unit it exercises (a method, property,
/// endpoint or verb), the situation, and the outcome, each segment PascalCase. The condition may be
/// left out when there is none (GetFrameLength_EqualsBytesWritten).
/// </summary>
public sealed partial class TestNamingTests
{
    /// <summary>The folders, relative to the repository root, whose tests are held to the scheme: all of them.</summary>
    public static readonly IReadOnlyList<string> CheckedFolders = ["tests"];

    [Fact]
    public void TestMethods_InCheckedFolders_AreNamedMethodConditionExpectation()
    {
        var missing = CheckedFolders.Where(f => !Directory.Exists(Path.Combine(SourceTree.Root, f))).ToList();
        Assert.True(missing.Count == 0, $"{nameof(CheckedFolders)} lists folders that do not exist: {string.Join(", ", missing)}");

        List<(string File, int Line, string Name)> offenders = [];
        foreach (string folder in CheckedFolders)
        {
            List<(string File, int Line, string Name)> tests = SourceTree.CSharpFiles(Path.Combine(SourceTree.Root, folder))
                .SelectMany(file => FindTests(File.ReadAllText(file)).Select(t => (SourceTree.Relative(file), t.Line, t.Name)))
                .ToList();

            Assert.True(tests.Count > 0, $"no [Fact] or [Theory] method found under {folder}");
            offenders.AddRange(tests.Where(t => !NamePattern().IsMatch(t.Name)));
        }

        Assert.True(
            offenders.Count == 0,
            $"{offenders.Count} tests are not named Method_Condition_Expectation (two or three PascalCase segments, e.g. TryEnqueue_AtCapacity_ReturnsFull):"
            + string.Concat(offenders.OrderBy(t => t.File, StringComparer.Ordinal).ThenBy(t => t.Line).Select(t => $"{Environment.NewLine}{t.File}:{t.Line} {t.Name}")));
    }

    [Fact]
    public void FindTests_AttributeArgumentsAndDataRows_FindsEveryTestMethod()
    {
        string source = string.Join(
            '\n',
            "public sealed class Sample",
            "{",
            "    [Fact]",
            "    public void Plain_fact() { }",
            "",
            "    [Fact(Timeout = 5_000, Skip = \"not [yet]\")]",
            "    public async Task With_arguments() => await Task.Delay(1);",
            "",
            "    [Theory]",
            "    [InlineData(\"[1, 2]\", 3)]",
            "    [InlineData(\"\", 0)]",
            "    public void With_inline_data(string input, int count) { }",
            "",
            "    [Trait(\"Category\", \"Docker\"), Theory]",
            "    [MemberData(nameof(Rows))]",
            "    public async Task In_an_attribute_list(int row) { }",
            "",
            "    // [Fact]",
            "    public void Helper_not_a_test() { }",
            "}");

        var found = FindTests(source).ToList();

        Assert.Equal(["Plain_fact", "With_arguments", "With_inline_data", "In_an_attribute_list"], found.Select(t => t.Name));
        Assert.Equal([4, 7, 12, 16], found.Select(t => t.Line));
    }

    [Theory]
    [InlineData("GetFrameLength_EqualsBytesWritten", true)]
    [InlineData("TryEnqueue_AtCapacity_ReturnsFull", true)]
    [InlineData("Drain_FrontendStoppedUnderLoad_AnswersEveryHeldRequestAndExits0", true)]
    [InlineData("Predict", false)]
    [InlineData("Drain_SendsGoodbye_AnswersTheBatch_ThenCloses", false)]
    [InlineData("A_replica_killed_mid_batch_is_requeued", false)]
    [InlineData("Predict__Twice", false)]
    [InlineData("Predict_Twice_", false)]
    [InlineData("predict_Twice_Throws", false)]
    public void NamePattern_SampleNames_AcceptsOnlyTwoOrThreePascalCaseSegments(string name, bool accepted) =>
        Assert.Equal(accepted, NamePattern().IsMatch(name));

    /// <summary>The methods carrying [Fact] or [Theory] in a C# source, with the line of each name.</summary>
    internal static IEnumerable<(int Line, string Name)> FindTests(string source)
    {
        string[] lines = source.Split('\n');
        bool attributed = false;
        for (int i = 0; i < lines.Length; i++)
        {
            attributed |= TestAttributePattern().IsMatch(lines[i]);
            if (attributed && MethodPattern().Match(lines[i]) is { Success: true } method)
            {
                yield return (i + 1, method.Groups["name"].Value);
                attributed = false;
            }
        }
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(_[A-Z][A-Za-z0-9]*){1,2}$")]
    private static partial Regex NamePattern();

    /// <summary>An attribute line naming Fact or Theory (or an attribute derived from them), alone, with arguments, or in a list.</summary>
    [GeneratedRegex(@"^\s*\[\s*(?:[\w.]+\s*(?:\([^\]]*?\))?\s*,\s*)*(?:Xunit\.)?\w*(?:Fact|Theory)(?:Attribute)?\s*[(\],]")]
    private static partial Regex TestAttributePattern();

    [GeneratedRegex(@"^\s*(?:\[.*\]\s*)?(?:(?:public|internal|protected|private|static|async|override|virtual|sealed|new|unsafe)\s+)+[\w.<>,?\[\]]+\s+(?<name>@?[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex MethodPattern();
}
