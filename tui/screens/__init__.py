"""Screens of the readlist app: the library (main), modals and help."""
