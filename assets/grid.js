/* The status grid's filters in the URL (layouts/grid.py draws them): a changed filter (a search after typing
   stops, or on Enter) becomes the page's new query, written as data/filters.py filters_query writes it (the
   filters in its order, the first page, the month kept), and is pushed onto the history as a dcc.Link does, so
   that the router redraws the page in place (no page load) and Back and Forward step through filter states.
   The grid's own links (cells, pages, "Clear") are followed the same way. Focus goes back to the control
   that changed once the new page is drawn. The server reads every value again (data/filters.read_filters).
   A file served by the app, never an inline script, so that a Content-Security-Policy of script-src 'self'
   holds. */
(function () {
  "use strict";

  var FORM = "grid-filters"; // layouts/ids.py GRID_FILTERS
  var PREFIX = "grid-filter-"; // layouts/ids.py GRID_FILTER_PREFIX + a filter's name
  var TABLE = "grid-table"; // layouts/ids.py GRID_TABLE
  var STATUS = "page-status"; // layouts/ids.py STATUS
  // The grid's filters (data/filters.py FILTER_NAMES, in its order; the page number is left out: a new filter
  // starts at page 1). Any page with filters uses this form's id; its own names, in its URL's order, are in the
  // form's data-names (the under-performance list's, the action tracker's).
  var NAMES = ["theme", "directorate", "service", "priority", "rating", "frequency", "partnership",
               "underperforming", "search"];

  function names() {
    var form = document.getElementById(FORM);
    var listed = form && form.getAttribute("data-names");
    return listed ? listed.split(" ") : NAMES;
  }
  var WAIT = 400; // ms after the last key before a search is made
  var pending = null; // the id of what is to have focus once the next page is drawn
  var timer = null;

  function valueOf(name) {
    var control = document.getElementById(PREFIX + name);
    if (!control) { return ""; } // fixed by the page (a theme's page), so not a control
    if (control.tagName === "SELECT") { return control.value; }
    return control.value.replace(/[\x00-\x1f\x7f\s]+/g, " ").trim(); // the search box
  }

  /* The new query; `changed` is the filter that changed: a service belongs to one directorate, so a new
     directorate drops the service chosen. */
  function query(changed) {
    var params = new URLSearchParams();
    names().forEach(function (name) {
      var value = changed === "directorate" && name === "service" ? "" : valueOf(name);
      if (value) { params.append(name, value); }
    });
    var month = new URLSearchParams(window.location.search).get("as_at");
    if (month) { params.append("as_at", month); }
    var text = params.toString();
    return text ? "?" + text : "";
  }

  /* As dcc.Link does: a new history entry, and dcc.Location told, which gives the router the new URL. */
  function go(address, focusAfter) {
    if (address === window.location.pathname + window.location.search) { return; }
    pending = focusAfter || null;
    window.history.pushState({}, "", address);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  function filtersChanged(control) {
    window.clearTimeout(timer);
    var holder = control.closest("[id^='" + PREFIX + "']") || control;
    go(window.location.pathname + query(holder.id.slice(PREFIX.length)), holder.id);
  }

  function inForm(target) {
    return target instanceof Element && target.closest("#" + FORM);
  }

  document.addEventListener("change", function (event) {
    if (inForm(event.target)) { filtersChanged(event.target); }
  });

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!inForm(target) || target.type !== "search") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { filtersChanged(target); }, WAIT);
  });

  document.addEventListener("submit", function (event) { // Enter in the search box
    if (!(event.target instanceof Element) || event.target.id !== FORM) { return; }
    event.preventDefault();
    var search = document.getElementById(PREFIX + "search") || document.getElementById(PREFIX + "owner");
    filtersChanged(search || event.target);
  });

  /* The grid's links (a cell, a page of rows, "Clear the filters") followed without a page load. */
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var link = target && target.closest(".grid-section a[href^='/'], .filtered-section a[href^='/']");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    var after = link.closest(".grid-paging") ? TABLE : link.closest("#" + FORM) ? PREFIX + "search" : null;
    go(link.getAttribute("href"), after);
    if (!after) { window.scrollTo(0, 0); }
  });

  function say(text) {
    var region = document.getElementById(STATUS);
    if (!region || !text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  /* The router sets the page, then the title (assets/page.js): once the title is there, the page is drawn. */
  function pageDrawn() {
    if (pending === null) { return; }
    var wanted = document.getElementById(pending);
    pending = null;
    if (!wanted) { return; }
    var control = wanted.matches("input, select, [tabindex]") ? wanted : wanted.querySelector("input, select");
    if (control && document.activeElement !== control) {
      control.focus({preventScroll: true});
      if (control.type === "search") { control.setSelectionRange(control.value.length, control.value.length); }
    }
    var summary = document.querySelector(".grid-summary");
    say(summary ? summary.textContent : "");
  }

  function watch() {
    var title = document.querySelector("title");
    if (title) { new MutationObserver(pageDrawn).observe(title, {childList: true, characterData: true, subtree: true}); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
}());
