using System;
using System.Collections.Generic;
using System.Linq;

namespace WxContracts.MockServer.State;

/// <summary>
/// The account's user tags and which users carry them. Starts with the system tag 2 "星标组" (starred), which
/// cannot be changed; tags created through the API get ids from 100 upwards.
/// </summary>
internal sealed class TagBook
{
    public const int MaxTags = 100;
    public const int MaxTagsPerUser = 20;

    private readonly object _gate = new();
    private readonly SortedDictionary<long, string> _tags = new() { [2] = "星标组" };
    private readonly Dictionary<string, SortedSet<long>> _byUser = new(StringComparer.Ordinal);
    private long _nextId = 100;

    public static bool IsSystem(long id) => id is >= 0 and <= 2;

    public object Gate => _gate;

    public bool Exists(long id)
    {
        lock (_gate)
        {
            return _tags.ContainsKey(id);
        }
    }

    public bool NameTaken(string name, long? except = null)
    {
        lock (_gate)
        {
            return _tags.Any(t => t.Value == name && t.Key != except);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tags.Count;
            }
        }
    }

    public long Add(string name)
    {
        lock (_gate)
        {
            var id = _nextId++;
            _tags[id] = name;
            return id;
        }
    }

    public void Rename(long id, string name)
    {
        lock (_gate)
        {
            _tags[id] = name;
        }
    }

    public void Remove(long id)
    {
        lock (_gate)
        {
            _tags.Remove(id);
            foreach (var set in _byUser.Values)
            {
                set.Remove(id);
            }
        }
    }

    /// <summary>Every tag with the number of users carrying it.</summary>
    public List<(long Id, string Name, int Count)> List()
    {
        lock (_gate)
        {
            return _tags.Select(t => (t.Key, t.Value, _byUser.Values.Count(s => s.Contains(t.Key)))).ToList();
        }
    }

    /// <summary>Tags the users; the first user who would carry more than <see cref="MaxTagsPerUser"/> tags is returned and nobody is tagged.</summary>
    public string? Tag(IReadOnlyList<string> openIds, long id)
    {
        lock (_gate)
        {
            var full = openIds.FirstOrDefault(o => _byUser.TryGetValue(o, out var set) && !set.Contains(id) && set.Count >= MaxTagsPerUser);
            if (full is not null)
            {
                return full;
            }

            foreach (var openId in openIds)
            {
                if (!_byUser.TryGetValue(openId, out var set))
                {
                    _byUser[openId] = set = new SortedSet<long>();
                }

                set.Add(id);
            }

            return null;
        }
    }

    public void Untag(IReadOnlyList<string> openIds, long id)
    {
        lock (_gate)
        {
            foreach (var openId in openIds)
            {
                if (_byUser.TryGetValue(openId, out var set))
                {
                    set.Remove(id);
                }
            }
        }
    }

    public List<long> TagsOf(string openId)
    {
        lock (_gate)
        {
            return _byUser.TryGetValue(openId, out var set) ? set.ToList() : new List<long>();
        }
    }

    /// <summary>The users carrying a tag, in OpenID order.</summary>
    public List<string> UsersOf(long id)
    {
        lock (_gate)
        {
            return _byUser.Where(u => u.Value.Contains(id)).Select(u => u.Key).OrderBy(o => o, StringComparer.Ordinal).ToList();
        }
    }
}
