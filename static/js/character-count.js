/*
 * Character count (the GOV.UK Design System pattern), as progressive enhancement: every
 * page works without it, and the server refuses over-long text with a message anyway.
 *
 * A field with data-character-limit="N" (pip_portal/text_limits.py) has a server-rendered hint,
 * "You can enter up to N characters" (#<id>_limit). This script:
 * - shows "You have N characters remaining" / "N characters too many" under the field,
 *   updated as the person types (hidden from screen readers: it changes on every key);
 * - tells screen readers the same in an aria-live="polite" region once typing pauses;
 * - keeps the hint for screen readers only (it still describes the field);
 * - never stops typing or pasting (no maxlength): text can be pasted whole, then trimmed.
 *
 * Characters are counted as the server counts them (Python's len: code points; a line
 * break is one, as the server stores it). The messages come translated from the server
 * (data-character-count: {"under"|"over": {CLDR plural category: text with %(n)s}}).
 */
(function () {
  "use strict";

  var ANNOUNCE_AFTER_MS = 1000;

  function lengthOf(text) {
    return Array.from(text).length; // code points, not UTF-16 units
  }

  function language() {
    return document.documentElement.lang || "en-GB";
  }

  function formatNumber(value) {
    try {
      return new Intl.NumberFormat(language()).format(value);
    } catch (error) {
      return String(value);
    }
  }

  function pluralCategory(value) {
    try {
      return new Intl.PluralRules(language()).select(value);
    } catch (error) {
      return value === 1 ? "one" : "other";
    }
  }

  function message(messages, kind, value) {
    var forms = messages[kind] || {};
    var text = forms[pluralCategory(value)] || forms.other || "";
    return text.replace("%(n)s", formatNumber(value));
  }

  function enhance(field) {
    var limit = parseInt(field.getAttribute("data-character-limit"), 10);
    var messages;
    try {
      messages = JSON.parse(field.getAttribute("data-character-count") || "{}");
    } catch (error) {
      return;
    }
    if (!(limit > 0) || field.disabled || field.readOnly || field.hasAttribute("data-character-counted")) {
      return;
    }
    field.setAttribute("data-character-counted", "");
    var hint = document.getElementById(field.id + "_limit");
    if (hint) {
      hint.classList.add("visually-hidden");
    }

    var status = document.createElement("div");
    status.className = "form-text character-count__status";
    status.setAttribute("aria-hidden", "true");
    var announcer = document.createElement("div");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", status);
    status.insertAdjacentElement("afterend", announcer);

    var timer = null;
    function text() {
      var left = limit - lengthOf(field.value);
      return left >= 0 ? message(messages, "under", left) : message(messages, "over", -left);
    }
    function update() {
      var over = lengthOf(field.value) > limit;
      status.textContent = text();
      status.classList.toggle("character-count__status--over", over);
      field.classList.toggle("character-count--over", over);
    }
    function announceLater() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        announcer.textContent = text();
      }, ANNOUNCE_AFTER_MS);
    }

    field.addEventListener("input", function () {
      update();
      announceLater();
    });
    // The browser may restore typed text when the person comes back to the page.
    window.addEventListener("pageshow", update);
    update();
  }

  function init() {
    document.querySelectorAll("[data-character-limit]").forEach(enhance);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      event.target.querySelectorAll("[data-character-limit]").forEach(enhance);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
