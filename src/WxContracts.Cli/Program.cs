using System;

namespace WxContracts.Cli;

internal static class Program
{
    private static int Main(string[] args) => WxSpecCommand.Run(args, Console.Out, Console.Error);
}
