"""Render the dossier model into section markup through the templates of the edition's language."""
