"""`cjm watch`: re-rendering maps on every save, and the loopback server a browser reloads from."""
