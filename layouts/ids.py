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
STATUS = "page-status"  # the polite status region assets/page.js announces in (it names it too)
# pattern-matching id types: {"type": SECTION_OPEN, "section": name} opens the <details> whose body is drawn
SHOWN = "shown"  # a key of what the page's frame shows (links, months, footer): the router sends what differs
# on demand into {"type": SECTION_BODY, "section": name}
SECTION_OPEN = "section-open"
SECTION_BODY = "section-body"

ALL = (URL, TITLE, PAGE, NAV, AS_AT, SHOW, MAIN, FOOTER_DATA, FOOTER_LOADED, STATUS, SHOWN)
