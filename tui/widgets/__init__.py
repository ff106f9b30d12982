"""Widgets of the readlist app."""
