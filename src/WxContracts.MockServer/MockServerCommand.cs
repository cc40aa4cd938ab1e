using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts.MockServer;

/// <summary>
/// The command line of the standalone mock server (<c>dotnet run --project src/WxContracts.MockServer -- [options]</c>),
/// on System.CommandLine as <c>wxspec</c> is. <see cref="RunAsync"/> is the whole program: Program.cs passes the
/// console and a token that Ctrl+C / SIGTERM cancel, tests pass their own writers and token.
/// Exit codes: 0 stopped normally or help shown; 1 could not start (e.g. the port is taken) or an internal error;
/// 2 bad input (an option value, the specs folder or a spec with errors). Errors are one line each, never a
/// stack trace, and never contain the AppSecret.
/// </summary>
internal static class MockServerCommand
{
    public const int Ok = 0;
    public const int CouldNotStart = 1;
    public const int BadInput = 2;

    /// <summary>The name errors start with.</summary>
    public const string Name = "WxContracts.MockServer";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        try
        {
            var root = Build(output, error);
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
            {
                foreach (var problem in parsed.Errors)
                {
                    error.WriteLine($"{Name}: {problem.Message.TrimEnd('.')} (see --help)");
                }

                return BadInput;
            }

            // Serves until the token is cancelled, or answers --help.
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never a stack trace: one line saying what failed.
            error.WriteLine($"{Name}: internal error ({ex.GetType().Name}): {ex.Message}");
            return CouldNotStart;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var defaults = new WxMockOptions();
        var port = new Option<int>("--port", "-p")
        {
            Description = "The port on 127.0.0.1; 0 picks a free port.",
            HelpName = "N",
            DefaultValueFactory = _ => defaults.Port,
            CustomParser = r => ParseWholeNumber(r, "--port", 0, 65535, "a port number (0 to 65535; 0 picks a free port)"),
        };
        var appId = new Option<string>("--appid")
        {
            Description = "The AppID the token endpoints accept.",
            HelpName = "X",
            DefaultValueFactory = _ => defaults.AppId,
        };
        appId.Validators.Add(r => RequireText(r, "--appid"));
        var secret = new Option<string>("--secret")
        {
            Description = "The AppSecret the token endpoints accept (default: the built-in mock secret; never printed).",
            HelpName = "Y",
        };
        secret.Validators.Add(r => RequireText(r, "--secret"));
        var specs = new Option<string?>("--specs")
        {
            Description = "A folder of specs (**/*.yaml, *.yml) to serve instead of the built-in ones.",
            HelpName = "DIR",
        };
        specs.Validators.Add(CheckSpecsFolder);
        var quota = new Option<int>("--quota")
        {
            Description = "Calls a day each endpoint accepts before it answers 45009.",
            HelpName = "N",
            DefaultValueFactory = _ => defaults.DailyQuota,
            CustomParser = r => ParseWholeNumber(r, "--quota", 0, int.MaxValue, "a whole number of calls a day (0 or more)"),
        };

        var root = new RootCommand(
            "WxContracts mock WeChat server on 127.0.0.1, serving the YAML specs; prints its base address, then one redacted line per request." + Environment.NewLine +
            "Admin: GET /__mock/endpoints, /__mock/requests, /__mock/stats, /__mock/faults; POST /__mock/faults, /__mock/tokens/revoke; DELETE /__mock/faults, /__mock/requests." + Environment.NewLine +
            "Exit codes: 0 stopped (Ctrl+C, SIGTERM), 1 could not start, 2 bad option or specs with errors.")
        {
            port, appId, secret, specs, quota,
        };

        root.SetAction((r, token) =>
        {
            var sink = TextWriter.Synchronized(output);
            var options = new WxMockOptions
            {
                Port = r.GetValue(port),
                AppId = r.GetValue(appId)!,
                AppSecret = r.GetValue(secret) ?? defaults.AppSecret,
                SpecsDirectory = r.GetValue(specs),
                DailyQuota = r.GetValue(quota),
                OnRequest = entry => sink.WriteLine(entry.ToString()),
            };
            return ServeAsync(options, sink, error, token);
        });

        return root;
    }

    private static async Task<int> ServeAsync(WxMockOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        WxMockServer mock;
        try
        {
            mock = await WxMockServer.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (WxMockSpecException ex)
        {
            // The first line says what failed; each line after it is "path(line,col): error WXCnnn: message".
            error.WriteLine($"{Name}: {ex.Message}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            error.WriteLine($"{Name}: the mock server could not start: {FirstLine(ex.Message)}");
            return CouldNotStart;
        }

        await using (mock.ConfigureAwait(false))
        {
            output.WriteLine($"WxContracts mock server listening on {mock.BaseAddress}");
            output.WriteLine($"AppId {options.AppId}; {mock.EndpointPaths.Count} endpoints: {string.Join(", ", mock.EndpointPaths)}");
            output.WriteLine($"Journal: {mock.BaseAddress}__mock/requests   Stats: {mock.BaseAddress}__mock/stats   Ctrl+C stops.");
            output.Flush();
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        return Ok;
    }

    private static int ParseWholeNumber(ArgumentResult result, string option, int min, int max, string expected)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[result.Tokens.Count - 1].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{option}: '{text}' is not {expected}");
        return min;
    }

    private static void RequireText(OptionResult result, string option)
    {
        var value = result.GetValueOrDefault<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{option} must not be empty");
        }
    }

    private static void CheckSpecsFolder(OptionResult result)
    {
        var folder = result.GetValueOrDefault<string?>();
        if (folder is null)
        {
            return;
        }

        if (File.Exists(folder))
        {
            result.AddError($"--specs: '{folder}' is a file, not a folder of specs");
            return;
        }

        if (!Directory.Exists(folder))
        {
            result.AddError($"--specs: the folder '{folder}' does not exist");
            return;
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .ToList();
            foreach (var file in files)
            {
                using var _ = File.OpenRead(file);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            result.AddError($"--specs: '{folder}' cannot be read: {FirstLine(ex.Message)}");
            return;
        }

        if (files.Count == 0)
        {
            result.AddError($"--specs: no *.yaml or *.yml files under '{folder}'");
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text.Substring(0, end);
    }
}
