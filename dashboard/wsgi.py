"""WSGI entry for production servers: `gunicorn dashboard.wsgi:server`."""

from dashboard.app import create_app

server = create_app().server
