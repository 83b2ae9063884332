"""The case file: what sits between the machine's review and the applicant.

A store of cases (applicant + carrier type + master), their submissions and the machine's
reports on them, the officer's decisions on every finding, the documents issued from those
decisions alone, the legal clocks, the resubmission diff and the round's end (公示, quota,
report to the city). `casefile.service.CaseService` is the one entry point for the command
line, the JSON API (casefile/api.py) and the web pages; docs/casefile.md describes it.
"""
