using System;
using System.IO;
using Xunit;
using Xunit.Sdk;

namespace WxContracts.Generator.Tests;

public class SnapshotHelperTests
{
    [Fact]
    public void A_mismatch_writes_received_and_fails_with_a_readable_diff_and_a_match_cleans_up()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wxc-snap-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "x.verified.cs"), "line one\nline two\nline three\n");

            var ex = Assert.Throws<XunitException>(() => Snapshot.MatchIn(dir, "line one\nline 2\nline three\n", "x"));
            Assert.Contains("\n- line two\n", ex.Message);
            Assert.Contains("\n+ line 2\n", ex.Message);
            Assert.Contains("  line one", ex.Message);
            Assert.True(File.Exists(Path.Combine(dir, "x.received.cs")));

            Snapshot.MatchIn(dir, "line one\r\nline two\r\nline three\r\n", "x");
            Assert.False(File.Exists(Path.Combine(dir, "x.received.cs")));

            Assert.Throws<XunitException>(() => Snapshot.MatchIn(dir, "new", "missing"));
            Assert.True(File.Exists(Path.Combine(dir, "missing.received.cs")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
