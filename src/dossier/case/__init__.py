"""Read a case: its YAML files and source documents, as typed frozen records with file and line.

The first stage. It imports nothing else of the pipeline."""
