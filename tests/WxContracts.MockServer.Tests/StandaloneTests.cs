using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>The mock as a program: <c>dotnet WxContracts.MockServer.dll --port 0 --appid X --secret Y</c>.</summary>
public class StandaloneTests
{
    [Fact]
    public async Task The_program_prints_its_base_address_and_serves_tokens_for_the_given_app()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "WxContracts.MockServer.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", "0", "--appid", "wxstandalone", "--secret", "standalone-secret" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(first);
            Assert.StartsWith("WxContracts mock server listening on http://127.0.0.1:", first);
            var baseAddress = new Uri(first!.Substring(first.IndexOf("http", StringComparison.Ordinal)));
            using var http = new HttpClient { BaseAddress = baseAddress };

            var token = await http.GetStringAsync("cgi-bin/token?grant_type=client_credential&appid=wxstandalone&secret=standalone-secret");
            var wrong = await http.GetStringAsync("cgi-bin/token?grant_type=client_credential&appid=wxmock0000000000&secret=standalone-secret");

            Assert.Contains("\"access_token\"", token);
            Assert.Contains("40013", wrong);
            await process.StandardOutput.ReadLineAsync(); // AppId and endpoints
            await process.StandardOutput.ReadLineAsync(); // admin hints
            var logged = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains("GET /cgi-bin/token?grant_type=client_credential&appid=wxstandalone&secret=***", logged);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
