"""Read a PDF back and check what its reader relies on, from the file alone."""
