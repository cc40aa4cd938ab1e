using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.Specs;

namespace WxContracts.MockServer.Behaviours;

/// <summary>The web-authorization (sns) endpoints and getticket, over <see cref="WxMockWeb"/>.</summary>
internal static class WebAuthorizationBehaviours
{
    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The behaviours of the endpoints the catalog serves.</summary>
    public static IEnumerable<IMockBehaviour> Create(WxMockOptions options, SpecCatalog catalog, ErrorReplies errors, WxMockWeb web)
    {
        var all = new IMockBehaviour[]
        {
            new Behaviour("/sns/oauth2/access_token", r => Exchange(options, errors, web, r)),
            new Behaviour("/sns/oauth2/refresh_token", r => Refresh(options, errors, web, r)),
            new Behaviour("/sns/userinfo", r => UserInfo(errors, web, r)),
            new Behaviour("/sns/auth", r => Check(errors, web, r)),
            new Behaviour("/cgi-bin/ticket/getticket", r => Ticket(web, r)),
        };
        foreach (var behaviour in all)
        {
            if (catalog.TryGet(behaviour.Path, out _))
            {
                yield return behaviour;
            }
        }
    }

    private static MockReply Exchange(WxMockOptions options, ErrorReplies errors, WxMockWeb web, MockRequest request)
    {
        if (request.Text("grant_type") != "authorization_code")
        {
            return errors.Error(40002, request.Spec, "grant_type must be authorization_code");
        }

        if (request.Text("appid") != options.AppId)
        {
            return errors.Error(40013, request.Spec);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Text("secret") ?? string.Empty), Encoding.UTF8.GetBytes(options.AppSecret)))
        {
            return errors.Error(40125, request.Spec);
        }

        var (token, code) = web.Exchange(options.AppId, request.Text("code") ?? string.Empty);
        if (token is null)
        {
            return errors.Error(code, request.Spec, code == 40163 ? "code been used" : "invalid code");
        }

        return Json(w =>
        {
            w.WriteString("access_token", token.AccessToken);
            w.WriteNumber("expires_in", (int)web.UserTokenLifetime.TotalSeconds);
            w.WriteString("refresh_token", token.RefreshToken);
            w.WriteString("openid", token.User.OpenId);
            w.WriteString("scope", token.Scope);
            if (token.User.IsSnapshotUser)
            {
                w.WriteNumber("is_snapshotuser", 1);
            }
            else if (token.Scope == "snsapi_userinfo" && token.User.UnionId is { } unionId)
            {
                w.WriteString("unionid", unionId);
            }
        });
    }

    private static MockReply Refresh(WxMockOptions options, ErrorReplies errors, WxMockWeb web, MockRequest request)
    {
        if (request.Text("grant_type") != "refresh_token")
        {
            return errors.Error(40002, request.Spec, "grant_type must be refresh_token");
        }

        if (request.Text("appid") != options.AppId)
        {
            return errors.Error(40013, request.Spec);
        }

        var (token, code) = web.Refresh(request.Text("refresh_token") ?? string.Empty);
        if (token is null)
        {
            return errors.Error(code, request.Spec);
        }

        return Json(w =>
        {
            w.WriteString("access_token", token.AccessToken);
            w.WriteNumber("expires_in", (int)web.UserTokenLifetime.TotalSeconds);
            w.WriteString("refresh_token", token.RefreshToken);
            w.WriteString("openid", token.User.OpenId);
            w.WriteString("scope", token.Scope);
        });
    }

    private static MockReply UserInfo(ErrorReplies errors, WxMockWeb web, MockRequest request)
    {
        var (token, code) = web.CheckAccessToken(request.Text("access_token") ?? string.Empty);
        if (token is null)
        {
            return errors.Error(code, request.Spec);
        }

        if (token.User.OpenId != request.Text("openid"))
        {
            return errors.Error(40003, request.Spec);
        }

        if (token.Scope != "snsapi_userinfo" || token.User.IsSnapshotUser)
        {
            return errors.Error(48001, request.Spec, "the token was granted for " + token.Scope);
        }

        var user = token.User;
        return Json(w =>
        {
            w.WriteString("openid", user.OpenId);
            w.WriteString("nickname", user.Nickname);
            w.WriteNumber("sex", 0);
            w.WriteString("province", string.Empty);
            w.WriteString("city", string.Empty);
            w.WriteString("country", string.Empty);
            w.WriteString("headimgurl", user.HeadImgUrl);
            w.WriteStartArray("privilege");
            w.WriteEndArray();
            if (user.UnionId is { } unionId)
            {
                w.WriteString("unionid", unionId);
            }
        });
    }

    private static MockReply Check(ErrorReplies errors, WxMockWeb web, MockRequest request)
    {
        var (token, code) = web.CheckAccessToken(request.Text("access_token") ?? string.Empty);
        if (token is null)
        {
            return errors.Error(code, request.Spec);
        }

        return token.User.OpenId == request.Text("openid")
            ? MockReply.Json(ErrorReplies.Envelope(0, "ok"), 0)
            : errors.Error(40003, request.Spec);
    }

    private static MockReply Ticket(WxMockWeb web, MockRequest request)
    {
        // Only jsapi tickets sign wx.config; a wx_card ticket is issued but never accepted by the config check.
        var (ticket, expiresIn) = web.IssueTicket(request.Text("type") == "jsapi");
        return Json(w =>
        {
            w.WriteNumber("errcode", 0);
            w.WriteString("errmsg", "ok");
            w.WriteString("ticket", ticket);
            w.WriteNumber("expires_in", expiresIn);
        });
    }

    private static MockReply Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return MockReply.Json(Encoding.UTF8.GetString(buffer.ToArray()), 0);
    }

    private sealed class Behaviour : IMockBehaviour
    {
        private readonly Func<MockRequest, MockReply> _handle;

        public Behaviour(string path, Func<MockRequest, MockReply> handle)
        {
            Path = path;
            _handle = handle;
        }

        public string Path { get; }

        public MockReply Handle(MockRequest request) => _handle(request);
    }
}
