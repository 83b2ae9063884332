"""The shared kernel: result models (the report contract), text normalisation, run-time
settings and the PDF safety guard. It imports nothing of the project, so every stage can
depend on it and nothing here can pull a stage in sideways (docs/architecture.md)."""
