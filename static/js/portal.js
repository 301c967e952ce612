/*
 * PIP Portal progressive enhancement. Loaded with `defer`; every page works without it.
 *
 * 1. An error summary present on load (or swapped in by htmx) receives focus.
 * 2. Session-timeout warning: <body data-session-timeout-seconds> is what is left of the
 *    session when the page loads, and fixes the moment it expires; the latest such moment
 *    is shared between tabs (localStorage). A dialog (markup and translated text in
 *    templates/base.html, #session-timeout) opens two minutes before it; "Stay signed in"
 *    POSTs to data-session-keepalive-url, which gives the session its full age again
 *    (data-session-age-seconds). The server extends a session only every few minutes, so
 *    an htmx response moves the moment only as far as its X-Session-Expires-In header says.
 * 3. A .table-responsive wrapper that actually scrolls becomes a focusable, named region,
 *    so keyboard users can scroll it.
 */
(function () {
  "use strict";

  // ---- 1. Error summary ----
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) {
        summary.setAttribute("tabindex", "-1");
      }
      summary.focus();
    }
  }

  // ---- 3. Scrollable tables ----
  var regionCount = 0;
  function labelScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (scrolls && !wrapper.hasAttribute("tabindex")) {
        var caption = wrapper.querySelector("caption");
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("data-portal-region", "");
        if (caption) {
          if (!caption.id) {
            regionCount += 1;
            caption.id = "table-caption-" + regionCount;
          }
          wrapper.setAttribute("aria-labelledby", caption.id);
        }
      } else if (!scrolls && wrapper.hasAttribute("data-portal-region")) {
        ["tabindex", "role", "aria-labelledby", "data-portal-region"].forEach(function (name) {
          wrapper.removeAttribute(name);
        });
      }
    });
  }

  // ---- 2. Session timeout ----
  var STORAGE_KEY = "pipPortal.sessionExpiresAt";
  var EXPIRES_IN_HEADER = "X-Session-Expires-In";
  var WARNING_SECONDS = 120;

  function readCookie(name) {
    var prefix = name + "=";
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(prefix) === 0) {
        return decodeURIComponent(part.slice(prefix.length));
      }
    }
    return null;
  }

  function csrfToken() {
    var token = readCookie("csrftoken");
    if (token) {
      return token;
    }
    // Fall back to the token the page gives htmx.
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // "1 minute 45 seconds", pluralised for the page language by the browser (CLDR).
  function formatDuration(seconds) {
    var lang = document.documentElement.lang || "en-GB";
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    try {
      var unit = function (name, count) {
        return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(count);
      };
      if (minutes > 0 && rest > 0) {
        return unit("minute", minutes) + " " + unit("second", rest);
      }
      return minutes > 0 ? unit("minute", minutes) : unit("second", rest);
    } catch (error) {
      return minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }
  }

  function startSessionTimeout() {
    var body = document.body;
    var secondsLeft = parseInt(body.getAttribute("data-session-timeout-seconds"), 10);
    var sessionAge = parseInt(body.getAttribute("data-session-age-seconds"), 10);
    var keepaliveUrl = body.getAttribute("data-session-keepalive-url");
    var dialog = document.getElementById("session-timeout");
    if (!(secondsLeft >= 0) || !(sessionAge > 0) || !keepaliveUrl || !dialog || typeof dialog.showModal !== "function") {
      return;
    }
    // Warn 2 minutes ahead, or half the session if it is short; never less than 30 s, so a
    // person has at least the 20 s WCAG 2.2.1 asks for even on a slow device.
    var warning = Math.max(Math.min(WARNING_SECONDS, Math.floor(sessionAge / 2)), Math.min(30, sessionAge));
    var countdown = dialog.querySelector("[data-countdown]");
    var activeState = dialog.querySelector("[data-state='active']");
    var expiredState = dialog.querySelector("[data-state='expired']");
    var stayButton = dialog.querySelector("[data-action='stay']");
    var signOutButton = dialog.querySelector("[data-action='sign-out']");
    var signOutForm = document.querySelector("form[data-sign-out]");
    var localExpiry = 0;
    var expired = false;

    function sharedExpiry() {
      try {
        return parseInt(window.localStorage.getItem(STORAGE_KEY), 10) || 0;
      } catch (error) {
        return 0; // storage may be unavailable (private mode); this tab's clock still works
      }
    }

    // The session ends at the latest moment any tab has learnt from the server.
    function deadline() {
      return Math.max(localExpiry, sharedExpiry());
    }

    function recordExpiry(expiresAt) {
      localExpiry = expiresAt;
      if (expiresAt > sharedExpiry()) {
        try {
          window.localStorage.setItem(STORAGE_KEY, String(expiresAt));
        } catch (error) {
          // ignore: see sharedExpiry()
        }
      }
    }

    function showState(isExpired) {
      activeState.hidden = isExpired;
      expiredState.hidden = !isExpired;
      var prefix = isExpired ? "session-expired-" : "session-timeout-";
      dialog.setAttribute("aria-labelledby", prefix + "title");
      dialog.setAttribute("aria-describedby", prefix + "text");
    }

    // showModal() makes the rest of the page inert, and close() returns focus to where it was.
    function openDialog() {
      if (dialog.open) {
        return;
      }
      showState(false);
      dialog.showModal();
      dialog.focus();
    }

    function closeDialog() {
      if (dialog.open) {
        dialog.close();
      }
    }

    function showExpired() {
      expired = true;
      if (!dialog.open) {
        dialog.showModal();
      }
      showState(true);
      dialog.focus();
    }

    function tick() {
      if (expired) {
        return;
      }
      var remaining = Math.ceil((deadline() - Date.now()) / 1000);
      if (remaining <= 0) {
        showExpired();
      } else if (remaining <= warning) {
        if (countdown) {
          countdown.textContent = formatDuration(remaining);
        }
        openDialog();
      } else if (dialog.open) {
        closeDialog(); // another tab kept the session alive
      }
    }

    function staySignedIn() {
      stayButton.disabled = true;
      fetch(keepaliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          if (response.ok && !response.redirected) {
            recordExpiry(Date.now() + sessionAge * 1000);
            closeDialog();
          } else {
            showExpired();
          }
        })
        .catch(function () {
          showExpired();
        })
        .then(function () {
          stayButton.disabled = false;
        });
    }

    stayButton.addEventListener("click", staySignedIn);
    if (signOutButton) {
      if (signOutForm) {
        signOutButton.addEventListener("click", function () {
          signOutForm.submit();
        });
      } else {
        signOutButton.hidden = true;
      }
    }
    // Escape means "I'm still here" rather than leaving a silent countdown behind. Once
    // signed out, Escape just closes the notice so unsaved text on the page can be copied.
    dialog.addEventListener("cancel", function (event) {
      if (!expired) {
        event.preventDefault();
        staySignedIn();
      }
    });
    // A request extends the session only if its last extension is a few minutes old: take
    // what is left from the server rather than assume the full age.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.successful ? event.detail.xhr : null;
      var left = xhr ? parseInt(xhr.getResponseHeader(EXPIRES_IN_HEADER), 10) : NaN;
      if (left >= 0) {
        recordExpiry(Date.now() + left * 1000);
      }
    });

    recordExpiry(Date.now() + secondsLeft * 1000);
    window.setInterval(tick, 1000);
  }

  function init() {
    focusErrorSummary(document);
    labelScrollableTables();
    startSessionTimeout();

    var resizeTimer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(labelScrollableTables, 200);
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      focusErrorSummary(event.target);
      labelScrollableTables();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
