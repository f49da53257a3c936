"""Rules and use cases in plain Python: no strawberry, starlette or database driver here."""
