using System.Collections.Generic;
using System.Linq;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.Specs;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>The state of one mock account that the stateful behaviours share.</summary>
internal sealed class MockAccountState
{
    public MockAccountState(WxMockOptions options)
    {
        Menu = new MenuBook();
        Tags = new TagBook();
        Publish = new PublishBook(options.TimeProvider, options.PublishTime);
        Media = new MediaBook(options.TimeProvider);
    }

    public MenuBook Menu { get; }

    public TagBook Tags { get; }

    public PublishBook Publish { get; }

    public MediaBook Media { get; }
}

/// <summary>
/// The behaviours where a sequence of calls matters (menu, tags, drafts and publishing, media, template sends),
/// each registered only for a path the served specs have; the other endpoints answer their response example.
/// </summary>
internal static class StatefulBehaviours
{
    public static IEnumerable<IMockBehaviour> Create(SpecCatalog catalog, ErrorReplies errors, MockAccountState state) =>
        MenuBehaviours.Create(state.Menu, errors)
            .Concat(TagBehaviours.Create(state.Tags, errors))
            .Concat(PublishBehaviours.Create(state.Publish, errors))
            .Concat(MediaBehaviours.Create(state.Media, errors))
            .Concat(TemplateSendBehaviour.Create())
            .Where(b => catalog.TryGet(b.Path, out _));
}
