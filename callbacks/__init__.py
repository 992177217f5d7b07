"""Thin adapters from the pages to the store: plain functions that fetch and hand over to the layouts,
and `register(app, store)` functions that bind them to one app instance."""
