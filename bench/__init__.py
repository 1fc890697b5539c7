"""Benchmarks: scripts that print figures (speed, reader quality), plus the helpers they share."""
