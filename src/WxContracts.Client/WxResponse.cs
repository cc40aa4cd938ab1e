namespace WxContracts;

/// <summary>The part every WeChat response shares: <c>errcode</c> and <c>errmsg</c>.</summary>
/// <remarks>Generated response types derive from this. A missing errcode means success (0).</remarks>
public abstract class WxResponse
{
    /// <summary>WeChat's <c>errcode</c>; 0 (or absent) is success.</summary>
    public int ErrCode { get; set; }

    /// <summary>WeChat's <c>errmsg</c>, when the response has one.</summary>
    public string? ErrMsg { get; set; }
}
