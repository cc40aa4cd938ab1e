using System.Runtime.CompilerServices;

// The push benchmark measures the callback's own envelope reader (WxCallbackProcessor.ReadEnvelope).
[assembly: InternalsVisibleTo("WxContracts.Benchmarks")]
