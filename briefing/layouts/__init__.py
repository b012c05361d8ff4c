"""Layouts: found on the search path, read and validated into the layout model, with their fonts."""
