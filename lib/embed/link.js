/*! Auth Journey link.js: AmpsLink.open({ url, onSuccess, onExit, onEvent }) opens a journey in place. */
(function (window, document) {
  'use strict';
  if (window.AmpsLink) return;
  var SMALL = '(max-width: 639.98px)';
  var READY_MS = 4000;

  function noop() {}

  function el(tag, css, attrs) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    return node;
  }

  function open(options) {
    options = options || {};
    var url;
    try {
      url = new URL(options.url, window.location.href);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new TypeError('AmpsLink.open needs the launch url from POST /api/journey/sessions');
    }
    var onSuccess = options.onSuccess || noop;
    var onExit = options.onExit || noop;
    var onEvent = options.onEvent || noop;
    var done = false;
    var step = null;
    var heard = false;
    var target = null;
    var popup = null;
    var readyTimer = 0;
    var popupTimer = 0;
    var lastFocus = document.activeElement;
    var hidden = [];

    function finish(callback, payload) {
      if (done) return;
      done = true;
      window.removeEventListener('message', onMessage);
      document.removeEventListener('keydown', onKey, true);
      clearTimeout(readyTimer);
      clearInterval(popupTimer);
      removeOverlay();
      if (popup && !popup.closed) popup.close();
      if (lastFocus && lastFocus.focus) lastFocus.focus();
      if (callback) callback(payload);
    }

    function removeOverlay() {
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
      for (var i = 0; i < hidden.length; i++) hidden[i].inert = false;
      hidden = [];
    }

    function userExit() {
      finish(onExit, { reason: 'user_exit', step: step });
    }

    function onMessage(event) {
      var data = event.data;
      if (event.origin !== url.origin || event.source !== target || done) return;
      if (!data || data.source !== 'amps-link' || typeof data.type !== 'string') return;
      heard = true;
      if (data.type === 'EVENT') {
        if (data.metadata && data.metadata.step) step = data.metadata.step;
        onEvent(data.event, data.metadata || {});
      } else if (data.type === 'SUCCESS') {
        finish(onSuccess, data);
      } else if (data.type === 'EXIT') {
        finish(onExit, data);
      }
    }

    function focusables() {
      return [close, frame];
    }

    function onKey(event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        userExit();
      } else if (event.key === 'Tab') {
        // The page behind is inert; keep focus cycling between the close button and the journey.
        var items = focusables();
        var at = items.indexOf(document.activeElement);
        if (at === -1 || (event.shiftKey ? at === 0 : at === items.length - 1)) {
          event.preventDefault();
          items[event.shiftKey ? items.length - 1 : 0].focus();
        }
      }
    }

    // Framing refused (the app's allowed origins do not list this page): a popup, else the redirect.
    function fallBack() {
      if (done || heard) return;
      removeOverlay();
      popup = window.open(url.href, 'amps-link', 'popup,width=480,height=720');
      if (!popup) {
        done = true;
        window.removeEventListener('message', onMessage);
        document.removeEventListener('keydown', onKey, true);
        window.location.assign(url.href);
        return;
      }
      target = popup;
      popupTimer = setInterval(function () {
        if (popup.closed) userExit();
      }, 500);
    }

    var small = window.matchMedia && window.matchMedia(SMALL).matches;
    var overlay = el(
      'div',
      'position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;' +
        'background:rgba(15,23,42,.6)',
      { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Connect your device' },
    );
    var box = el(
      'div',
      'position:relative;background:#fff;overflow:hidden;' +
        (small
          ? 'width:100%;height:100%'
          : 'width:min(480px,100%);height:min(720px,100%);border-radius:12px'),
    );
    var close = el(
      'button',
      'position:absolute;top:8px;right:8px;z-index:1;width:44px;height:44px;border:0;border-radius:8px;' +
        'background:#fff;color:#0f172a;font:24px/1 system-ui,sans-serif;cursor:pointer',
      { type: 'button', 'aria-label': 'Close' },
    );
    close.textContent = '\u00d7';
    close.onclick = userExit;
    var frame = el('iframe', 'display:block;width:100%;height:100%;border:0', {
      src: url.href,
      title: 'Connect your device',
      allow: 'publickey-credentials-get',
      referrerpolicy: 'origin',
    });
    frame.onload = function () {
      clearTimeout(readyTimer);
      readyTimer = setTimeout(fallBack, READY_MS);
    };
    box.appendChild(close);
    box.appendChild(frame);
    overlay.appendChild(box);

    var children = document.body.children;
    for (var i = 0; i < children.length; i++) {
      if (!children[i].inert) {
        children[i].inert = true;
        hidden.push(children[i]);
      }
    }
    document.body.appendChild(overlay);
    target = frame.contentWindow;
    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKey, true);
    frame.focus();

    return {
      close: function () {
        finish(null);
      },
    };
  }

  window.AmpsLink = { open: open, version: '1' };
})(window, document);
