/* The page shell's behaviour (base.html), loaded on every page; no inline script (strict CSP).
   Without this file every page still works: the menu stays open, forms submit, errors show. */
(function () {
  "use strict";

  /* The main menu collapses behind its button on a phone (kinhaven.css, .nav-collapsible). */
  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    var header = button.closest(".topbar");
    header.classList.add("nav-collapsible");
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
  }

  /* A form that comes back with errors: focus its summary, so that it is read out first. */
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) summary.focus();
  }

  /* The status line under the header (#progress-status, aria-live) says what a request does. */
  var status = null;
  function statusFor(elt) {
    if (!elt || !elt.closest) return "";
    var form = elt.closest("form");
    if (!form) return "";
    if (form.matches(".filters, [role=search]")) return status.dataset.searching;
    return status.dataset.working;
  }

  /* A submitted form's button shows it is working and is not pressed twice. */
  var busy = new WeakSet();
  function markBusy(form, submitter) {
    busy.add(form);
    form.setAttribute("aria-busy", "true");
    var buttons = submitter ? [submitter] : form.querySelectorAll("button[type=submit], button:not([type])");
    buttons.forEach(function (button) {
      button.classList.add("is-working");
      button.setAttribute("aria-disabled", "true");
    });
    // A download or a slow answer must not leave the form locked for good.
    window.setTimeout(function () { clearBusy(form); }, 10000);
  }
  function clearBusy(form) {
    busy.delete(form);
    form.removeAttribute("aria-busy");
    form.querySelectorAll(".is-working").forEach(function (button) {
      button.classList.remove("is-working");
      button.removeAttribute("aria-disabled");
    });
  }

  // Before any other listener (htmx's are on the form): a form being sent is not sent again.
  document.addEventListener("submit", function (event) {
    if (busy.has(event.target)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // htmx forms are marked in htmx:beforeRequest; GET forms only move to another page.
    if (event.defaultPrevented || (form.method || "get").toLowerCase() !== "post") return;
    markBusy(form, event.submitter);
  });
  // Back to a page from the browser's cache: its forms are not busy any more.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[aria-busy]").forEach(clearBusy);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (status) {
      var text = statusFor(elt);
      if (text) status.textContent = text;
    }
    if (elt.tagName === "FORM" && !elt.matches(".filters, [role=search]")) {
      var submitter = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent
        ? event.detail.requestConfig.triggeringEvent.submitter : null;
      markBusy(elt, submitter || null);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (status) status.textContent = "";
    var elt = event.detail.elt;
    if (elt.tagName === "FORM") clearBusy(elt);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    // A target swapped out whole (outerHTML) has left the page: look in the page instead.
    var root = event.detail.elt;
    focusErrorSummary(root && root.isConnected ? root : document);
  });

  function start() {
    status = document.getElementById("progress-status");
    setUpMenu();
    focusErrorSummary(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
