"""The WSGI entry the load run serves: dashboard.wsgi's app, with the page cache's lifetime from
DASHBOARD_CACHE_SECONDS (0 = off) for as long as dashboard.settings does not read that itself."""

import dataclasses
import os

from dashboard.app import create_app
from dashboard.settings import Settings

_settings = Settings.from_environment()
if "DASHBOARD_CACHE_SECONDS" in os.environ:
    _settings = dataclasses.replace(_settings, cache_seconds=int(os.environ["DASHBOARD_CACHE_SECONDS"]))
server = create_app(_settings).server
