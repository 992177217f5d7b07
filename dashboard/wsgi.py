"""WSGI entry for production servers: `gunicorn dashboard.wsgi:server`.

A database that does not answer at start-up is one line on stderr, and the workers serve a notice (and a 503
health check) until it answers. A database URL that cannot be used at all (mistyped, or its driver not
installed) is one line too, and the worker exits with gunicorn's "failed to boot" code, which stops gunicorn
rather than restarting the worker for ever."""

import sys

from sqlalchemy.exc import ArgumentError

from dashboard.app import create_app
from dashboard.settings import Settings
from data.db import display_url

GUNICORN_BOOT_ERROR = 3  # gunicorn.workers.base.Worker.WORKER_BOOT_ERROR: the arbiter halts instead of retrying


def _quiet_gunicorn() -> None:
    """Gunicorn names itself in a `Server` header on every response; under gunicorn, send it empty."""
    if "gunicorn" in sys.modules:
        import gunicorn.http.wsgi

        gunicorn.http.wsgi.SERVER = ""  # read by each Response as it is made


_quiet_gunicorn()
_settings = Settings.from_environment()
try:
    server = create_app(_settings).server
except ArgumentError as error:
    print(f"Cannot use the database at {display_url(_settings.database_url)}: {error}", file=sys.stderr, flush=True)
    sys.exit(GUNICORN_BOOT_ERROR)
