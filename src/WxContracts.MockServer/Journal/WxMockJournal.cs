using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace WxContracts.MockServer;

/// <summary>Every API request the mock received, in the order they were answered (admin requests are not journaled). Thread-safe.</summary>
/// <remarks>
/// A plain queue under a lock rather than a ConcurrentQueue: a ConcurrentQueue that has been enumerated keeps the
/// items it dequeues reachable (its segments are preserved for observation), so neither <see cref="Clear"/> nor the
/// capacity would free them once someone had read the journal.
/// </remarks>
public sealed class WxMockJournal
{
    private readonly object _gate = new();
    private readonly Queue<WxMockJournalEntry> _entries = new();
    private readonly int _capacity;
    private long _sequence;

    internal WxMockJournal(int capacity) => _capacity = capacity;

    /// <summary>A snapshot of the entries.</summary>
    public IReadOnlyList<WxMockJournalEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>The number of entries kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The entries of requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<WxMockJournalEntry> For(string path)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Path == path).ToList();
        }
    }

    /// <summary>Forgets every entry (the sequence numbers go on).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _entries.TrimExcess();
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(WxMockJournalEntry entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > _capacity)
            {
                _entries.Dequeue();
            }
        }
    }
}
