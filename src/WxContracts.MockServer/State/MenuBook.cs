using System.Text.Json.Nodes;

namespace WxContracts.MockServer.State;

/// <summary>The account's custom menu: the buttons of the last menu/create, until menu/delete.</summary>
internal sealed class MenuBook
{
    private readonly object _gate = new();
    private JsonArray? _buttons;
    private long _menuId;
    private long _nextMenuId = 400_000_001;

    public void Set(JsonArray buttons)
    {
        lock (_gate)
        {
            _buttons = (JsonArray)buttons.DeepClone();
            _menuId = _nextMenuId++;
        }
    }

    /// <summary>A copy of the buttons and the menu id; null when there is no menu.</summary>
    public (JsonArray Buttons, long MenuId)? Get()
    {
        lock (_gate)
        {
            return _buttons is null ? null : ((JsonArray)_buttons.DeepClone(), _menuId);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _buttons = null;
        }
    }
}
