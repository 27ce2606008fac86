"""Draw the dossier's charts with matplotlib, cached by a key of everything that decides them."""
