using System.Linq;
using WxContracts.Benchmarks.Generator;
using Xunit;

namespace WxContracts.Benchmarks.Tests;

/// <summary>The generator benchmarks, run once each at small sizes.</summary>
public sealed class GeneratorBenchmarkSmokeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void Every_generator_benchmark_runs_and_produces_code(int specs)
    {
        var bench = new GeneratorBenchmarks { Specs = specs };
        bench.Setup(); // verifies: no diagnostics from either generator, unrelated edit fully cached

        var cold = bench.Cold().GetRunResult();
        Assert.Empty(cold.Diagnostics);
        Assert.Contains(cold.GeneratedTrees, t => t.FilePath.EndsWith("WxApiJsonContext.g.cs", System.StringComparison.Ordinal));
        Assert.True(cold.GeneratedTrees.Length >= specs + 2);

        var edited = bench.OneSpecEdited().GetRunResult();
        Assert.Equal(cold.GeneratedTrees.Length, edited.GeneratedTrees.Length);
        Assert.Contains(edited.GeneratedTrees, t => t.GetText().ToString().Contains("(edited)", System.StringComparison.Ordinal));

        Assert.Equal(cold.GeneratedTrees.Length, bench.UnrelatedEdit().GetRunResult().GeneratedTrees.Length);

        var stj = bench.StjCold().GetRunResult();
        Assert.Empty(stj.Diagnostics);
        Assert.Contains(stj.GeneratedTrees, t => t.FilePath.EndsWith("TwinsContext.g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_floor_benchmarks_run_and_the_replay_adds_exactly_what_ours_generates()
    {
        var bench = new GeneratorFloorBenchmarks { Specs = 30 };
        bench.Setup();
        var ours = bench.Cold().GetRunResult().Results.Single().GeneratedSources;
        var replayed = bench.AddOnly().GetRunResult().Results.Single().GeneratedSources;
        Assert.Equal(ours.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal), replayed.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal));
        var text = replayed.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.All(ours, s => Assert.Equal(s.SourceText.ToString(), text[s.HintName]));
        Assert.True(bench.YamlEvents() > 30 * 20);
        Assert.True(bench.ParseAndBind() > 0);
        Assert.NotEmpty(bench.StjCold().GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void Synthetic_specs_do_not_clash_and_the_incremental_runs_redo_only_what_changed()
    {
        var workload = new GeneratorWorkload(12);
        workload.Verify();
        var report = workload.CheckIncrementality();
        Assert.Equal(0, report.UnrelatedRedone);
        Assert.True(report.UnrelatedReused > 0);
        Assert.InRange(report.SpecEditRedone, 1, report.SpecEditReused);
    }

    [Fact]
    public void The_untracked_reuse_check_sees_an_unrelated_edit_reuse_everything_and_a_spec_edit_emit_again()
    {
        // The check the 1,000-spec set-up uses instead of step tracking must be able to fail.
        var workload = new GeneratorWorkload(8);
        var (reused, total) = workload.UnrelatedEditSourcesReused();
        Assert.True(total > 8);
        Assert.Equal(total, reused);

        var (afterEdit, totalAfterEdit) = workload.SpecEditSourcesReused();
        Assert.InRange(totalAfterEdit - afterEdit, 1, 6); // the edited spec's files and the client, nothing else
    }

    [Fact]
    public void Renaming_gives_every_csharp_name_the_suffix_and_leaves_wire_names_alone()
    {
        var autoreply = SyntheticSpecs.Seeds.Single(s => s.Path.EndsWith("getcurrentautoreplyinfo.yaml", System.StringComparison.Ordinal));
        var renamed = SyntheticSpecs.Rename(autoreply.Text, "V0007");
        Assert.Contains("name: GetCurrentAutoReplyInfoV0007", renamed);
        Assert.Contains("group: AutoReplyV0007", renamed);
        Assert.Contains("  - name: AutoReplyTypeV0007", renamed);
        Assert.Contains("enum: SwitchStateV0007", renamed);
        Assert.Contains("type_name: KeywordRuleV0007", renamed);
        Assert.Contains("  - name: is_add_friend_reply_open\n", renamed);
        Assert.Contains("        name: Off\n", renamed);
    }
}
