"""Benchmark rows, one module per topic (imported by the runner)."""
