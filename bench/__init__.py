"""Benchmarks for `make bench`: search and listing pages at 100,000 practitioners."""
