"""Simulators that speak the real protocols: the demo site and the tests."""
