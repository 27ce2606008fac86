"""Compose the dossier model from a checked case: what the dossier says, as plain frozen data."""
