"""Council Performance Dashboard: the app factory, settings, command line and WSGI entry."""
