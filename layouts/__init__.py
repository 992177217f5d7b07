"""Page layouts and figure builders: functions from plain data (DataFrames, dicts) to Dash components.

Nothing here reads a database or a file: the callbacks fetch, these draw."""
