using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// The custom menu as a sequence: <c>menu/create</c> stores the buttons (1–3 level-1 buttons → 40016, up to 5
/// sub-buttons → 40023, names at most 16 / 60 bytes → 40018 / 40025); <c>menu/get</c> returns them with a menuid,
/// or 46003 when there is no menu; <c>menu/delete</c> removes the menu; <c>get_current_selfmenu_info</c> shows the
/// API-set menu in its own shape (sub_button.list), or <c>is_menu_open: 0</c> with no buttons.
/// </summary>
internal static class MenuBehaviours
{
    public const string CreatePath = "/cgi-bin/menu/create";
    public const string GetPath = "/cgi-bin/menu/get";
    public const string DeletePath = "/cgi-bin/menu/delete";
    public const string SelfMenuPath = "/cgi-bin/get_current_selfmenu_info";

    public static IEnumerable<IMockBehaviour> Create(MenuBook book, ErrorReplies errors)
    {
        yield return new DelegateBehaviour(CreatePath, request => CreateMenu(request, book, errors));
        yield return new DelegateBehaviour(GetPath, request => book.Get() is { } menu
            ? BehaviourKit.Ok(new JsonObject { ["menu"] = new JsonObject { ["button"] = menu.Buttons, ["menuid"] = menu.MenuId } })
            : errors.Error(46003, request.Spec, "no menu has been created"));
        yield return new DelegateBehaviour(DeletePath, _ =>
        {
            book.Clear();
            return BehaviourKit.Ok();
        });
        yield return new DelegateBehaviour(SelfMenuPath, _ => SelfMenu(book));
    }

    private static MockReply CreateMenu(MockRequest request, MenuBook book, ErrorReplies errors)
    {
        var buttons = BehaviourKit.Body(request)["button"] as JsonArray ?? new JsonArray();
        if (buttons.Count is < 1 or > 3)
        {
            return errors.Error(40016, request.Spec, $"{buttons.Count} level-1 buttons; 1 to 3 are allowed");
        }

        foreach (var button in buttons.OfType<JsonObject>())
        {
            var name = BehaviourKit.String(button["name"]) ?? string.Empty;
            if (BehaviourKit.Utf8Length(name) > 16)
            {
                return errors.Error(40018, request.Spec, $"'{name}' is over 16 bytes");
            }

            if (button["sub_button"] is not JsonArray subs)
            {
                continue;
            }

            if (subs.Count > 5)
            {
                return errors.Error(40023, request.Spec, $"'{name}' has {subs.Count} sub-buttons; at most 5 are allowed");
            }

            foreach (var sub in subs.OfType<JsonObject>())
            {
                var subName = BehaviourKit.String(sub["name"]) ?? string.Empty;
                if (BehaviourKit.Utf8Length(subName) > 60)
                {
                    return errors.Error(40025, request.Spec, $"'{subName}' is over 60 bytes");
                }
            }
        }

        book.Set(buttons);
        return BehaviourKit.Ok();
    }

    private static MockReply SelfMenu(MenuBook book)
    {
        if (book.Get() is not { } menu)
        {
            return BehaviourKit.Ok(new JsonObject { ["is_menu_open"] = 0, ["selfmenu_info"] = new JsonObject { ["button"] = new JsonArray() } });
        }

        // This interface wraps sub-buttons as {"list": [...]}, unlike menu/get.
        foreach (var button in menu.Buttons.OfType<JsonObject>())
        {
            if (button["sub_button"] is JsonArray subs)
            {
                button.Remove("sub_button");
                if (subs.Count > 0)
                {
                    button["sub_button"] = new JsonObject { ["list"] = subs };
                }
            }
        }

        return BehaviourKit.Ok(new JsonObject { ["is_menu_open"] = 1, ["selfmenu_info"] = new JsonObject { ["button"] = menu.Buttons } });
    }
}
