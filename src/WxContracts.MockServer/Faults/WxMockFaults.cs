using System;
using System.Collections.Generic;
using System.Linq;

namespace WxContracts.MockServer;

/// <summary>
/// The faults to inject, settable while the server runs (from code, or over <c>POST /__mock/faults</c>).
/// Whether a fault with a rate below 1 fires is decided by a random generator seeded from
/// <see cref="WxMockOptions.FaultSeed"/>, so a sequential test sees the same faults every run.
/// </summary>
public sealed class WxMockFaults
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = new();
    private readonly Random _random;

    internal WxMockFaults(int seed) => _random = new Random(seed);

    /// <summary>The faults now in force, in the order they were added.</summary>
    public IReadOnlyList<WxMockFault> Current
    {
        get
        {
            lock (_gate)
            {
                return _entries.Select(e => e.Fault).ToList();
            }
        }
    }

    /// <summary>Adds a fault.</summary>
    public void Add(WxMockFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Rate is < 0 or > 1 || double.IsNaN(fault.Rate))
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "Rate must be between 0 and 1");
        }

        if (fault.Kind == WxMockFaultKind.HttpError && fault.StatusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "StatusCode must be an HTTP error status (400-599)");
        }

        lock (_gate)
        {
            _entries.Add(new Entry(fault));
        }
    }

    /// <summary>Adds a fault of <paramref name="kind"/> on <paramref name="path"/> that always fires.</summary>
    public void Add(string path, WxMockFaultKind kind) => Add(new WxMockFault { Kind = kind, Path = path });

    /// <summary>Removes every fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Decides the faults of one request to <paramref name="path"/>: the total added latency and the first other fault that fires.</summary>
    internal (TimeSpan Delay, WxMockFault? Fault) Decide(string path)
    {
        lock (_gate)
        {
            var delay = TimeSpan.Zero;
            WxMockFault? fired = null;
            foreach (var entry in _entries)
            {
                var fault = entry.Fault;
                if (fault.Path != "*" && fault.Path != path || entry.Remaining == 0)
                {
                    continue;
                }

                if (fault.Kind != WxMockFaultKind.Latency && fired is not null)
                {
                    continue;
                }

                if (fault.Rate < 1 && _random.NextDouble() >= fault.Rate)
                {
                    continue;
                }

                if (entry.Remaining > 0)
                {
                    entry.Remaining--;
                }

                if (fault.Kind == WxMockFaultKind.Latency)
                {
                    delay += fault.Latency;
                }
                else
                {
                    fired = fault;
                }
            }

            return (delay, fired);
        }
    }

    private sealed class Entry
    {
        public Entry(WxMockFault fault)
        {
            Fault = fault;
            Remaining = fault.Times ?? -1;
        }

        public WxMockFault Fault { get; }

        /// <summary>Firings left; -1 for no limit.</summary>
        public int Remaining { get; set; }
    }
}
