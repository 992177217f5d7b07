"""Every component id the callbacks address, in one place."""

URL = "url"
TITLE = "page-title"
PAGE = "page"
NAV = "site-nav"
AS_AT = "as-at"
SHOW = "as-at-show"
MAIN = "main-content"
FOOTER_DATA = "footer-data"
FOOTER_LOADED = "footer-loaded"

ALL = (URL, TITLE, PAGE, NAV, AS_AT, SHOW, MAIN, FOOTER_DATA, FOOTER_LOADED)
