"""The shared kernel: result models (the report contract), text normalisation, what may be
said to an applicant (`wording`), run-time settings and the PDF safety guard. It imports
nothing of the project, so every stage can depend on it and nothing here can pull a stage
in sideways (docs/architecture.md)."""
