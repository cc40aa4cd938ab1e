using System;
using System.IO;

namespace WxContracts.Cli.Tests;

internal static class TestFiles
{
    public static string Specs => Path.Combine(AppContext.BaseDirectory, "specs");

    public static string Page(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "wechat-docs", name);

    public static string PageText(string name) => File.ReadAllText(Page(name));

    /// <summary>Runs the wxspec command line in-process, as Main does, capturing both streams.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = WxSpecCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A fresh temporary directory, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wxspec-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name, string text)
        {
            var path = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
