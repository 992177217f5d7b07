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

# the status grid (layouts/grid.py); assets/grid.js reads the filters by these ids. Any page with filters in its
# URL (one form a page) uses GRID_FILTERS and grid_filter(name), and lists its names in the form's data-names.
GRID_FILTERS = "grid-filters"  # the filters' form
GRID_FILTER_PREFIX = "grid-filter-"  # + a filter's name in the URL (data/filters.py FILTER_NAMES): its control
GRID_TABLE = "grid-table"
GRID_CSV = "grid-download-csv"
GRID_XLSX = "grid-download-xlsx"
GRID_DOWNLOAD = "grid-download"
GRID_DOWNLOAD_NOTE = "grid-download-note"  # where a download that failed says why


def grid_filter(name: str) -> str:
    """The id of the grid's control for the filter `name` (`theme` -> `grid-filter-theme`)."""
    return f"{GRID_FILTER_PREFIX}{name}"


ALL = (URL, TITLE, PAGE, NAV, AS_AT, SHOW, MAIN, FOOTER_DATA, FOOTER_LOADED, STATUS, SHOWN)

# the under-performance list's downloads (layouts/underperformance.py, callbacks/underperformance.py)
UNDER_CSV = "under-download-csv"
UNDER_XLSX = "under-download-xlsx"
UNDER_DOWNLOAD = "under-download"
UNDER_DOWNLOAD_NOTE = "under-download-note"  # where a download that failed says why
