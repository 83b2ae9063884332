"""The reviewer's workbench: the case file as web pages a district officer works in.

Server-rendered pages (FastAPI + Jinja2, a little htmx vendored in `static/`) over the case
file's service layer (`casefile.service.CaseService`) and on the same application as its
JSON API (`casefile.api.create_app`). The pages never touch the store: every read and
every act goes through the service, which checks roles and writes the audit log under the
logged-in officer's name. `workbench.app.create_workbench` builds the application;
`dossier web` (flows/web.py) serves it.
"""

import kernel  # noqa: F401  (first: PyMuPDF without its layout analyser, kernel/__init__.py)
