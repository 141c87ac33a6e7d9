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

  /* A long record (main[data-sections], e.g. a case or a child) opens with the list of its
     sections, "On this page": open above the record on a wide screen, folded on a phone. The
     section in view is marked in the list. */
  function setUpSections() {
    var main = document.getElementById("main");
    if (!main || !main.dataset.sections) return;
    var headings = main.querySelectorAll("h2");
    // The page asked for the list: it is worth it from two sections on.
    if (headings.length < 2) return;
    var nav = document.createElement("nav");
    nav.className = "page-sections";
    nav.setAttribute("aria-label", main.dataset.sections);
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = main.dataset.sections;
    var list = document.createElement("ol");
    var links = {};
    headings.forEach(function (heading, index) {
      if (!heading.id) heading.id = "part-" + (index + 1);
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + heading.id;
      link.textContent = heading.textContent.replace(/\s+/g, " ").trim();
      links[heading.id] = link;
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(summary);
    details.appendChild(list);
    nav.appendChild(details);
    var title = main.querySelector("h1");
    if (title) title.after(nav); else main.prepend(nav);
    var wide = window.matchMedia("(min-width: 701px)");
    function fit() { details.open = wide.matches; }
    fit();
    wide.addEventListener("change", fit);
    if (!("IntersectionObserver" in window)) return;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        Object.keys(links).forEach(function (id) { links[id].removeAttribute("aria-current"); });
        links[entry.target.id].setAttribute("aria-current", "location");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    headings.forEach(function (heading) { observer.observe(heading); });
  }

  // A page made to be printed (the sheet a child keeps) offers a button that prints it.
  function setUpPrint() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  function start() {
    setUpPrint();
    status = document.getElementById("progress-status");
    setUpMenu();
    setUpSections();
    focusErrorSummary(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
