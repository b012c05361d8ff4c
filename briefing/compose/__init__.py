"""Composition: the packet model and a layout to a document plan; the only Jinja2 user."""
