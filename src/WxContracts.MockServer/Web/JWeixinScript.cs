namespace WxContracts.MockServer.Web;

/// <summary>
/// The stand-in for WeChat's <c>jweixin-1.6.0.js</c>: <c>wx.config</c> sends appId, timestamp, nonceStr, signature
/// and the page's own URL (<c>location.href</c> without the fragment, as WeChat takes it) to the mock, which checks the
/// signature against the jsapi_tickets it issued; then the <c>wx.ready</c> or <c>wx.error</c> callbacks run, with
/// <c>{ errMsg: "config:invalid signature" }</c> on failure as WeChat reports it.
/// </summary>
internal static class JWeixinScript
{
    public const string Source = """
        /* Stand-in for jweixin-1.6.0.js served by WxContracts.MockServer: only wx.config, wx.ready and wx.error. */
        (function (global) {
          'use strict';
          var script = document.currentScript;
          var origin = script && script.src ? new URL(script.src).origin : '';
          var state = 'idle', failure = null, readyQueue = [], errorQueue = [];
          function settle(ok, result) {
            state = ok ? 'ready' : 'error';
            failure = ok ? null : result;
            var queue = ok ? readyQueue : errorQueue;
            readyQueue = []; errorQueue = [];
            queue.forEach(function (fn) { try { ok ? fn() : fn(result); } catch (e) { setTimeout(function () { throw e; }); } });
          }
          var wx = {
            config: function (cfg) {
              cfg = cfg || {};
              state = 'pending';
              if (cfg.debug) { console.log('wx.config', cfg); }
              var body = JSON.stringify({
                appId: cfg.appId, timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature,
                jsApiList: cfg.jsApiList || [], url: location.href.split('#')[0]
              });
              fetch(origin + '/__mockweb/jsapi/verify', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: body })
                .then(function (r) { return r.json(); })
                .then(function (res) { settle(res.errMsg === 'config:ok', res); })
                .catch(function () { settle(false, { errMsg: 'config:fail' }); });
            },
            ready: function (fn) { if (state === 'ready') { fn(); } else { readyQueue.push(fn); } },
            error: function (fn) { if (state === 'error') { fn(failure); } else { errorQueue.push(fn); } }
          };
          global.wx = global.jWeixin = wx;
        })(window);
        """;
}
