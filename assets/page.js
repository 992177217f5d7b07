/* What a screen reader or keyboard user needs on pages that Dash redraws without reloading (WCAG 2.4.3,
   4.1.3, 1.3.1, 2.1.1): focus and a polite announcement after following a link, the month after "Show", a
   real <caption> on the tables drawn as Markdown (announced when their section is opened), the chart's HTML
   legend, and the navigation menu on narrow screens. A file served by the app, never an inline script, so
   that a Content-Security-Policy of script-src 'self' holds. */
(function () {
  "use strict";

  var STATUS = "page-status";
  var shown = null; // the page last drawn: {path, month}; null until the first page is drawn

  function say(text) {
    var region = document.getElementById(STATUS);
    if (!region) { return; }
    // screen readers announce a change of text: cleared first, the same words are said again
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  function month() {
    return new URLSearchParams(window.location.search).get("as_at") || "";
  }

  function monthLabel(value) {
    var options = document.querySelectorAll("#as-at option");
    for (var i = 0; i < options.length; i += 1) {
      if (options[i].value === value) { return options[i].textContent; }
    }
    return value;
  }

  function heading() {
    return document.querySelector("#page h1");
  }

  function focusHeading(h1) {
    h1.setAttribute("tabindex", "-1"); // focusable by script only, not in the tab order
    h1.focus({preventScroll: false});
  }

  function text(element) {
    return (element.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* A page is drawn when the router's title reaches the document (the router sets the page, then the
     title): the first page is left alone (focus stays at the top); after a link, focus moves to the new
     page's heading and the page is announced; after another month, the month is announced; after other
     filters where focus was redrawn away (Back, Forward), focus moves to the heading and what is shown is said. */
  function pageDrawn() {
    var h1 = heading();
    if (!h1) { return; }
    var now = {path: window.location.pathname, month: month(), query: window.location.search};
    var before = shown;
    shown = now;
    resetLegends();
    if (before === null) { return; }
    if (now.path !== before.path) {
      focusHeading(h1);
      say("Page loaded: " + text(h1));
    } else if (now.month !== before.month) {
      var lost = !document.activeElement || document.activeElement === document.body;
      if (lost) { focusHeading(h1); } // what had focus was redrawn away
      say("Showing figures as at " + monthLabel(now.month) + ": " + text(h1));
    } else if (now.query !== before.query) {
      // other filters on the same page (Back or Forward through them: after a change of a filter, grid.js
      // has put focus back on that filter and said what is shown)
      var away = !document.activeElement || document.activeElement === document.body;
      if (away) {
        focusHeading(h1);
        var summary = document.querySelector(".grid-summary");
        say(summary ? text(summary) : "Page updated: " + text(h1));
      }
    }
  }

  /* Tables of plain text are drawn as Markdown (one component, for speed), which has no caption: the
     caption written beside the table becomes the table's own <caption>. */
  function captionTables() {
    var tables = document.querySelectorAll(".data-table table:not([data-captioned])");
    for (var i = 0; i < tables.length; i += 1) {
      var table = tables[i];
      var region = table.closest(".table-scroll");
      var written = region && region.querySelector(".data-table__caption");
      table.setAttribute("data-captioned", "true");
      if (!written) { continue; }
      var caption = document.createElement("caption");
      caption.className = "data-table__caption";
      caption.textContent = written.textContent;
      table.insertBefore(caption, table.firstChild);
      written.hidden = true;
      if (table.closest(".on-demand")) { // drawn because its section was just opened
        var rows = table.querySelectorAll("tbody tr").length;
        say(text(caption) + ": " + rows + (rows === 1 ? " row" : " rows") + " shown.");
      }
    }
  }

  /* The chart's legend (layouts/figures.py chart_legend): each button shows or hides its series. */
  function chartOf(button) {
    var figure = button.closest("figure");
    return figure && figure.querySelector(".js-plotly-plot");
  }

  function toggleSeries(button) {
    var chart = chartOf(button);
    if (!chart || !chart.data || !window.Plotly) { return; } // not drawn yet: nothing to show or hide
    var show = button.getAttribute("aria-pressed") !== "true";
    var traces = button.getAttribute("data-traces").split(",").map(Number);
    button.setAttribute("aria-pressed", show ? "true" : "false");
    window.Plotly.restyle(chart, {visible: show}, traces);
  }

  function resetLegends() { // a page drawn again draws every series
    var pressed = document.querySelectorAll(".chart-legend__button[aria-pressed='false']");
    for (var i = 0; i < pressed.length; i += 1) { pressed[i].setAttribute("aria-pressed", "true"); }
  }

  /* The navigation menu of narrow screens. */
  function setMenu(open) {
    var button = document.querySelector(".menu-button");
    if (!button) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.closest(".header").classList.toggle("header--menu-open", open);
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var legend = target.closest(".chart-legend__button");
    if (legend) { toggleSeries(legend); return; }
    var menu = target.closest(".menu-button");
    if (menu) { setMenu(menu.getAttribute("aria-expanded") !== "true"); return; }
    if (target.closest(".site-nav a")) { setMenu(false); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !(event.target instanceof Element) || !event.target.closest(".site-nav")) {
      return;
    }
    var button = document.querySelector(".menu-button");
    if (button && button.getAttribute("aria-expanded") === "true") {
      setMenu(false);
      button.focus();
    }
  });

  function watch() {
    var title = document.querySelector("title");
    if (title) { new MutationObserver(pageDrawn).observe(title, {childList: true, characterData: true, subtree: true}); }
    new MutationObserver(captionTables).observe(document.body, {childList: true, subtree: true});
    captionTables();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
}());
