"""Tools for building and testing the kit (not needed to run the labs)."""
