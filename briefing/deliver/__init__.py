"""Delivery: mail messages, mail settings and the send manifest."""
