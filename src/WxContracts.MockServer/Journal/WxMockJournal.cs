using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace WxContracts.MockServer;

/// <summary>Every API request the mock received, in the order they were answered (admin requests are not journaled). Thread-safe.</summary>
public sealed class WxMockJournal
{
    private readonly ConcurrentQueue<WxMockJournalEntry> _entries = new();
    private readonly int _capacity;
    private long _sequence;
    private int _count;

    internal WxMockJournal(int capacity) => _capacity = capacity;

    /// <summary>A snapshot of the entries.</summary>
    public IReadOnlyList<WxMockJournalEntry> Entries => _entries.ToArray();

    /// <summary>The number of entries kept.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The entries of requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<WxMockJournalEntry> For(string path) => _entries.Where(e => e.Path == path).ToList();

    /// <summary>Forgets every entry (the sequence numbers go on).</summary>
    public void Clear()
    {
        while (_entries.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal void Add(WxMockJournalEntry entry)
    {
        _entries.Enqueue(entry);
        if (Interlocked.Increment(ref _count) > _capacity && _entries.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
