"""A small synthetic city project for the report tests: a CSV of applicants, a schema, a view, a context."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.helpers import Gen

SCHEMA = """CREATE TABLE applicants (id int PRIMARY KEY, egn char(10), full_name text, email text, phone text,
                         diagnosis text, district text, created_at timestamp);
GRANT SELECT ON applicants TO PUBLIC;
"""
VIEWS = """CREATE VIEW applicant_contacts AS SELECT id, full_name AS name, lower(email) AS contact FROM applicants;
COPY (SELECT * FROM applicants) TO '/srv/share/applicants.csv' CSV;
"""
COMPLETE_CONTEXT = """schema_version: "2"
processing:
  id: social-support
  name: Social support applications
  description: The municipality processes applications for social support.
  controller: {name: Sofia Municipality}
  dpo: {name: Data Protection Officer}
  purposes:
    - id: support
      description: Decide on social support applications
      legal_basis: {gdpr: "6(1)(e)", national_law: [Social Assistance Act]}
      art9_condition: {gdpr: "9(2)(g)"}
  data_subjects: [applicants]
  vulnerable_groups: [people in need]
  recipients: [{name: Social Assistance Agency}]
  security_measures: [Encryption, Logical access control, Logging]
  dpia_reference: DPIA-2026-014
datasets:
  - match: "data/*"
    purposes: [support]
    retention: {period: P5Y, trigger: created_at}
  - match: "applicant*"
    purposes: [support]
    retention: {period: P5Y, trigger: created_at}
waivers:
  - {rule: RK-SEC-04, path: db/schema.sql, reason: Revoked in the next release (action plan), approved_by: Deputy Mayor,
     expires: 2999-12-31}
screening: {"innovative technology": false, "large-scale data migration": false}
risks:
  illegitimate_access: {severity: 3, likelihood: 2, threats: [stolen credentials]}
  unwanted_modification: {severity: 2, likelihood: 1}
  disappearance: {severity: 2, likelihood: 1}
  reidentification: {severity: 3, likelihood: 1}
  discrimination: {severity: 2, likelihood: 1}
consultation:
  dpo_advice: {given: true, summary: Proceed after removing the public grant., by: Data Protection Officer, date: 2026-10-01, followed: true}
  data_subject_views: {given: false, justification: Consulted the applicants' ombudsman instead.}
action_plan:
  - {measure: Revoke the public grant, rule: RK-SEC-04, owner: IT security, due: 2026-12-31}
signoff: {decision: approve_with_conditions, approver: Deputy Mayor, role: controller, date: 2026-10-15}
review: {next_review: 2027-10-15, triggers: [new data source, new recipient]}
"""


def make_project(root: Path, rows: int = 40, seed: int = 7) -> list[str]:
    """Write the project under root; return every planted personal value."""
    gen = Gen(seed)
    planted: list[str] = []
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "db").mkdir(exist_ok=True)
    with (root / "data" / "applicants.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "egn", "phone", "email", "district", "amount"])
        for r in gen.rows(rows):
            w.writerow(
                [r["name"], r["egn"], r["phone"], r["email"], gen.rng.choice(["Лозенец", "Младост"]), r["amount"]]
            )
            planted += [r["name"], r["egn"], r["phone"], r["email"]]
    (root / "db" / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    (root / "db" / "views.sql").write_text(VIEWS, encoding="utf-8")
    (root / "rightskit-context.yaml").write_text(COMPLETE_CONTEXT, encoding="utf-8")
    return planted
