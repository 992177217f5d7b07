/* The router's callbacks that run in the browser (callbacks/router.py names them by
   ClientsideFunction("router", ...)). A file served by the app, never an inline script, so that a
   Content-Security-Policy of script-src 'self' holds. */
(function () {
  "use strict";

  var MONTH = /^[0-9]{4}-[0-9]{2}$/;
  var SELECT = "as-at"; // layouts/ids.py AS_AT: the month chooser

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    router: {
      /* "Show": the chosen month into the URL's query (other parameters kept). Dash does not keep a native
         <select>'s value in step, so it is read here; the router checks the month again on the server. */
      showMonth: function (clicks, search) {
        var chosen = document.getElementById(SELECT).value;
        if (!clicks || !MONTH.test(chosen)) { return window.dash_clientside.no_update; }
        var params = new URLSearchParams(search || "");
        params.set("as_at", chosen);
        var next = "?" + params.toString();
        return next === search ? window.dash_clientside.no_update : next;
      },

      /* The first view's month into the address bar: the layout already holds the page (and gives the URL
         the month shown); the address is replaced, not added to, since it is the same page. Later URLs
         are in step already (dcc.Location writes them), and this does nothing. */
      keepAddress: function (search, pathname) {
        var address = window.location;
        if (typeof pathname === "string" && pathname !== address.pathname) {
          // The layout drew another page than the address names: the browser sent no Referer, or only the
          // site's (Chromium does so for an address over 4,096 characters). dcc.Location reads the address
          // again, as after a link, and the router draws the page it names; the address is left as it is.
          window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
          return window.dash_clientside.no_update;
        }
        if (typeof search === "string" && search !== address.search) {
          window.history.replaceState(window.history.state, "", address.pathname + search + address.hash);
        }
        return window.dash_clientside.no_update;
      },

      /* The page's title, from the router's answer, onto the browser's tab. */
      setTitle: function (title) {
        if (title) { document.title = title; }
        return window.dash_clientside.no_update;
      }
    }
  });
}());
