"""Exporters: the reader's library written out in other formats."""
