"""Scripts as real repositories hold them: client commands, dumps, templates; tables per file; dbt without upstream;
table-level reasoning about people, organisations and special categories."""

from __future__ import annotations

import json
from pathlib import Path

from rightskit import scan
from rightskit.detect.detector import default_detector
from rightskit.schemas.sqlscan import SqlSource, scan_sql

ORACLE_SQLPLUS = """\
REM  Install script for the registry schema
SET DEFINE ON
SET ECHO OFF
SET SERVEROUTPUT ON SIZE 1000000
WHENEVER SQLERROR EXIT SQL.SQLCODE
DEFINE app_schema = REG
SPOOL install.log
PROMPT Creating table APPLICANTS ...
CREATE TABLE &&app_schema..applicants (
  applicant_id   NUMBER(12)      NOT NULL,
  first_name     VARCHAR2(80 CHAR),
  last_name      VARCHAR2(80 CHAR),
  email          VARCHAR2(255),
  date_of_birth  DATE,
  created_on     DATE DEFAULT SYSDATE,
  CONSTRAINT applicants_pk PRIMARY KEY (applicant_id)
)
TABLESPACE users_data
PCTFREE 10
/
COMMENT ON COLUMN &&app_schema..applicants.last_name IS 'Family name'
/
PROMPT Creating table APPLICATION_STEPS ...
CREATE TABLE &&app_schema..application_steps (
  step_id        NUMBER(12) NOT NULL,
  applicant_id   NUMBER(12) NOT NULL REFERENCES &&app_schema..applicants (applicant_id),
  step_code      VARCHAR2(30),
  completed_at   TIMESTAMP(6) WITH LOCAL TIME ZONE
) LOB (step_code) STORE AS SECUREFILE (TABLESPACE lobs) NOLOGGING;
CREATE OR REPLACE TRIGGER &&app_schema..applicants_bi
BEFORE INSERT ON &&app_schema..applicants
FOR EACH ROW
BEGIN
  :new.created_on := SYSDATE;
  IF :new.email IS NULL THEN
    :new.email := 'unknown';
  END IF;
END;
/
@@grants.sql
SHOW ERRORS
SPOOL OFF
EXIT
"""

MYSQL_DUMP = """\
-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

DROP TABLE IF EXISTS `members`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `members` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `display_name` varchar(120) COLLATE utf8mb4_unicode_ci DEFAULT NULL COMMENT 'Shown to others, e.g. ''Ann''',
  `phone` varchar(32) DEFAULT NULL,
  `signup_ip` varbinary(16) DEFAULT NULL,
  `status` enum('active','blocked') NOT NULL DEFAULT 'active',
  PRIMARY KEY (`id`),
  KEY `idx_status` (`status`)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES `members` WRITE;
/*!40000 ALTER TABLE `members` DISABLE KEYS */;
INSERT INTO `members` VALUES (1,'x','y',NULL,'active');
/*!40000 ALTER TABLE `members` ENABLE KEYS */;
UNLOCK TABLES;

DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`app`@`%`*/ /*!50003 TRIGGER `members_bi` BEFORE INSERT ON `members`
FOR EACH ROW BEGIN
  SET NEW.status = 'active';
  SET NEW.phone = TRIM(NEW.phone);
END */;;
DELIMITER ;

DROP TABLE IF EXISTS `member_notes`;
CREATE TABLE `member_notes` (
  `note_id` bigint NOT NULL,
  `member_id` int unsigned NOT NULL,
  `postcode` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`note_id`),
  CONSTRAINT `fk_member` FOREIGN KEY (`member_id`) REFERENCES `members` (`id`)
) ENGINE=InnoDB;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
"""

TSQL_SCRIPT = """\
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
IF NOT EXISTS (SELECT * FROM sys.objects WHERE name = 'Patients')
BEGIN
CREATE TABLE @cdmDatabaseSchema.[Patients] (
    [PatientId] INT IDENTITY(1,1) NOT NULL,
    [FullName] NVARCHAR(200) NOT NULL,
    [BirthDate] DATE NULL,
    CONSTRAINT [PK_Patients] PRIMARY KEY CLUSTERED ([PatientId] ASC)
) ON [PRIMARY]
END
GO
CREATE TABLE [dbo].[Diagnoses] (
    [DiagnosisId] INT NOT NULL,
    [PatientId] INT NOT NULL,
    [Icd10Code] NVARCHAR(10) NULL,
    [RecordedAt] DATETIME2 NULL
)
GO
CREATE PROCEDURE [dbo].[usp_AddPatient] @Name NVARCHAR(200)
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO [dbo].[Patients] ([FullName]) VALUES (@Name);
END
GO
"""


def _tables(name: str, text: str) -> dict[str, list[str]]:
    result, catalogue = scan_sql([SqlSource(name, text)], default_detector())
    assert result.warnings[name] == [] and result.errors[name] == [], result.warnings[name]
    return {t.name.rsplit(".", 1)[-1].strip("[]").casefold(): list(t.columns) for t in catalogue.tables.values()}


def test_oracle_sqlplus_script_yields_every_table() -> None:
    tables = _tables("install.sql", ORACLE_SQLPLUS)
    assert tables["applicants"] == ["applicant_id", "first_name", "last_name", "email", "date_of_birth", "created_on"]
    assert tables["application_steps"] == ["step_id", "applicant_id", "step_code", "completed_at"]


def test_mysql_dump_with_versioned_comments_yields_every_table() -> None:
    tables = _tables("dump.sql", MYSQL_DUMP)
    assert tables["members"] == ["id", "display_name", "phone", "signup_ip", "status"]
    assert tables["member_notes"] == ["note_id", "member_id", "postcode"]


def test_tsql_script_with_go_and_placeholders_yields_every_table() -> None:
    tables = _tables("create.sql", TSQL_SCRIPT)
    assert tables["patients"] == ["PatientId", "FullName", "BirthDate"]
    assert tables["diagnoses"] == ["DiagnosisId", "PatientId", "Icd10Code", "RecordedAt"]


def test_findings_of_real_scripts_carry_the_line_of_the_column(tmp_path: Path) -> None:
    (tmp_path / "install.sql").write_text(ORACLE_SQLPLUS, encoding="utf-8")
    (tmp_path / "dump.sql").write_text(MYSQL_DUMP, encoding="utf-8")
    (tmp_path / "create.sql").write_text(TSQL_SCRIPT, encoding="utf-8")
    result = scan(tmp_path)
    got = {(Path(f.path).name, f.field): (f.entity_type, f.location.line) for f in result.findings}
    assert got[("install.sql", "email")] == ("EMAIL_ADDRESS", 13)
    assert got[("dump.sql", "phone")][1] == 12
    assert got[("dump.sql", "postcode")][0] == "POSTAL_CODE"  # a member's note: a table keyed by a person
    assert got[("create.sql", "FullName")] == ("PERSON", 9)
    assert got[("create.sql", "Icd10Code")][0] == "HEALTH"


def test_same_named_tables_in_three_files_keep_three_sets_of_findings(tmp_path: Path) -> None:
    for i, column in enumerate(["email", "phone", "first_name"]):
        (tmp_path / f"app{i}.sql").write_text(f"CREATE TABLE employees (id int, {column} text);\n", encoding="utf-8")
    found = {(Path(f.path).name, f.object, f.field) for f in scan(tmp_path).findings}
    assert found == {
        ("app0.sql", "employees", "email"),
        ("app1.sql", "employees", "phone"),
        ("app2.sql", "employees", "first_name"),
    }


def test_dbt_staging_model_over_an_unknown_source_flags_its_output_columns(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: crm\nversion: '1.0'\n", encoding="utf-8")
    models = tmp_path / "models" / "staging"
    models.mkdir(parents=True)
    (models / "stg_contacts.sql").write_text(
        "{{ config(materialized='view') }}\n"
        "with src as (\n    select * from {{ source('crm', 'contacts') }}\n)\n"
        "select\n    id as contact_id,\n    first_name,\n    last_name,\n    email,\n"
        "    cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,\n"
        "    {{ coalesce_rename('mobile', alias='mobile_phone') }},\n    is_deleted\nfrom src\n",
        encoding="utf-8",
    )
    result = scan(tmp_path)
    got = {f.field: (f.entity_type, f.location.line) for f in result.findings}
    assert {k: v[0] for k, v in got.items()} == {
        "first_name": "PERSON",
        "last_name": "PERSON",
        "email": "EMAIL_ADDRESS",
        "mobile_phone": "PHONE_NUMBER",
    }
    assert got["email"][1] == 9
    assert not any("lineage not traced" in w for s in result.sources for w in s.warnings)


def test_organisation_contact_data_is_business_data_and_person_attributes_are_personal(tmp_path: Path) -> None:
    (tmp_path / "s.sql").write_text(
        "CREATE TABLE organizations (id int, name text, email text, phone text, address_1 text, postal_code text);\n"
        "CREATE TABLE users (id int, name text, email text, title text, last_sign_in_at timestamp);\n"
        "CREATE TABLE diagnoses (id int, label text);\n"
        "CREATE TABLE conditions (id int, patient_id int, onset_date date, status text, created_at timestamp);\n"
        "CREATE TABLE patients (id int, full_name text, diagnosis_id int REFERENCES diagnoses(id), city text);\n"
        "CREATE TABLE condition_codes (code text, description text, icd10 text);\n",
        encoding="utf-8",
    )
    got = {(f.object, f.field): f.entity_type for f in scan(tmp_path).findings}
    assert not any(obj == "organizations" for obj, _ in got)
    assert got[("users", "name")] == "PERSON" and got[("users", "title")] == "PERSON_ATTRIBUTE"
    assert ("users", "last_sign_in_at") not in got
    assert got[("conditions", "onset_date")] == "HEALTH" and got[("conditions", "status")] == "HEALTH"
    assert ("conditions", "created_at") not in got and ("conditions", "id") not in got
    assert got[("patients", "diagnosis_id")] == "HEALTH" and got[("patients", "city")] == "LOCATION"
    assert not any(obj in ("diagnoses", "condition_codes") for obj, _ in got)  # code lists are about no one


BULGARIAN_REGISTER = """\
CREATE TABLE граждани (
    id integer PRIMARY KEY,
    егн char(10),
    вероизповедание varchar(50),
    етническа_група varchar(50),
    синдикат varchar(80)
);
CREATE TABLE присъди (
    id integer PRIMARY KEY,
    гражданин_id integer REFERENCES граждани(id),
    член_от_нк varchar(20),
    дата_на_влизане date,
    създаден timestamp
);
CREATE TABLE прегледи (
    id integer PRIMARY KEY,
    пациент_id integer,
    бележка text,
    вид varchar(20) CHECK (вид IN ('диагноза', 'лечение'))
);
COMMENT ON COLUMN прегледи.бележка IS 'код по МКБ-10';
CREATE TABLE видове_заболявания (код varchar(10), наименование text);
"""


def test_special_categories_and_criminal_data_in_bulgarian(tmp_path: Path) -> None:
    (tmp_path / "register.sql").write_text(BULGARIAN_REGISTER, encoding="utf-8")
    findings = scan(tmp_path).findings
    got = {(f.object, f.field): f.entity_type for f in findings}
    assert got[("граждани", "вероизповедание")] == "RELIGION"
    assert got[("граждани", "етническа_група")] == "ETHNIC_ORIGIN"
    assert got[("граждани", "синдикат")] == "TRADE_UNION"
    # a table of sentences keyed by a citizen: its descriptive columns are criminal-offence data (Art. 10)
    assert (
        got[("присъди", "член_от_нк")] == "CRIMINAL_OFFENCE"
        and got[("присъди", "дата_на_влизане")] == "CRIMINAL_OFFENCE"
    )
    assert ("присъди", "създаден") not in got and ("присъди", "гражданин_id") not in got
    assert got[("прегледи", "бележка")] == "HEALTH"  # the comment names a code system (МКБ-10)
    assert got[("прегледи", "вид")] == "HEALTH"  # the CHECK values say so
    assert not any(obj == "видове_заболявания" for obj, _ in got)  # a code list of diseases is about no one
    note = next(f for f in findings if f.field == "член_от_нк").evidence.notes
    assert note == ["attribute of table присъди about a person via column гражданин_id"]


def test_dbt_yaml_descriptions_tags_and_meta_are_evidence(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: shop\nversion: '1.0'\n", encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir()
    (models / "sources.yml").write_text(
        "version: 2\nsources:\n  - name: shop\n    tables:\n      - name: orders\n        columns:\n"
        "          - name: ref_nr\n            description: Order reference.\n"
        "          - name: mobile_nr\n            description: Phone number the courier calls.\n"
        "            meta: {contains_pii: true}\n",
        encoding="utf-8",
    )
    (models / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: stg_orders\n    columns:\n"
        "      - name: reach\n        description: Where to reach the buyer.\n        meta: {contains_pii: true}\n"
        "      - name: segment\n        tags: [pii]\n      - name: order_ref\n        description: Order reference.\n",
        encoding="utf-8",
    )
    (models / "stg_orders.sql").write_text(
        "select\n    ref_nr as order_ref,\n    mobile_nr as reach,\n    'x' as segment\n"
        "from {{ source('shop', 'orders') }}\n",
        encoding="utf-8",
    )
    result = scan(tmp_path)
    got = {f.field: (f.entity_type, f.evidence.notes) for f in result.findings if f.object == "stg_orders"}
    assert set(got) == {"reach", "segment"}
    assert got["reach"][0] == "PHONE_NUMBER" and "from shop.orders.mobile_nr" in got["reach"][1]
    assert got["segment"] == ("PERSON_ATTRIBUTE", ["declared personal in the project's metadata"])
    assert not any(f.path.endswith("sources.yml") for f in result.findings)  # context for lineage, not reported


def test_psql_commands_flyway_placeholders_and_mysql_procedures_are_tolerated() -> None:
    psql = (
        "\\set ON_ERROR_STOP on\n\\connect registry\nBEGIN;\n"
        "CREATE TABLE ${schema}.visitors (\n    id bigserial PRIMARY KEY,\n    email citext NOT NULL\n);\n"
        "\\copy ${schema}.visitors FROM 'visitors.csv' CSV\nCOMMIT;\n"
    )
    assert _tables("V1__init.sql", psql) == {"visitors": ["id", "email"]}
    mysql = (
        "DELIMITER $$\nCREATE PROCEDURE add_visitor(IN p_mail VARCHAR(255))\nBEGIN\n"
        "  INSERT INTO guests (mail) VALUES (p_mail);\n  SELECT LAST_INSERT_ID();\nEND$$\nDELIMITER ;\n"
        "CREATE TABLE guests (id INT AUTO_INCREMENT PRIMARY KEY, mail VARCHAR(255)) ENGINE=InnoDB;\n"
    )
    assert _tables("routines.sql", mysql) == {"guests": ["id", "mail"]}
    templated = "CREATE TABLE {{ target_schema }}.clients (client_id int, phone varchar(20));\n"
    assert _tables("tpl.sql", templated) == {"clients": ["client_id", "phone"]}


def test_schema_document_findings_carry_the_line_of_the_property(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Contact:\n      type: object\n      properties:\n        id: {type: integer}\n"
        "        email:\n          type: string\n          format: email\n"
        "    Visit:\n      type: object\n      properties:\n        visitor:\n"
        "          $ref: '#/components/schemas/Contact'\n        email: {type: string}\n",
        encoding="utf-8",
    )
    got = {(f.object, f.field): f.location.line for f in scan(tmp_path).findings}
    assert got == {("Contact", "email"): 10, ("Visit", "visitor.email"): 16, ("Visit", "email"): 18}


def test_dbt_manifest_documents_columns_of_sources_and_models(tmp_path: Path) -> None:
    (tmp_path / "dbt_project.yml").write_text("name: hr\nversion: '1.0'\n", encoding="utf-8")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "stg_staff.sql").write_text(
        "select badge, reach from {{ source('hr', 'staff') }}\n", encoding="utf-8"
    )
    (tmp_path / "target").mkdir()
    manifest = {
        "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
        "nodes": {"model.hr.stg_staff": {"resource_type": "model", "name": "stg_staff", "columns": {
            "badge": {"name": "badge", "description": "Door badge number.", "meta": {}}}}},
        "sources": {"source.hr.hr.staff": {"source_name": "hr", "name": "staff", "columns": {
            "reach": {"name": "reach", "description": "Private mobile phone number.", "meta": {"pii": True}}}}},
    }  # fmt: skip
    (tmp_path / "target" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    got = {f.field: f.entity_type for f in scan(tmp_path).findings if f.object == "stg_staff"}
    assert got == {"reach": "PHONE_NUMBER"}


def test_rows_of_data_in_a_dump_are_not_parsed_and_raise_no_warning(tmp_path: Path) -> None:
    """A dump's INSERT … VALUES rows say nothing of the schema: they are passed over (a third of a real dump's
    statements, most of its parse time), even where no parser reads them; INSERT … SELECT is still traced."""
    rows = "\n".join(f"INSERT INTO `notes` VALUES ({i}, _binary 0x{i:04x} COLLATE weird ~~ );" for i in range(50))
    (tmp_path / "dump.sql").write_text(
        "CREATE TABLE `notes` (`id` int, `body` blob);\n"
        "CREATE TABLE `people` (`id` int, `email` varchar(200));\n"
        f"{rows}\n"
        "INSERT INTO `mailing_export` (`address`) SELECT `email` FROM `people`;\n",
        encoding="utf-8",
    )
    result = scan(tmp_path)
    assert not [w for s in result.sources for w in s.warnings if "not parsed" in w]
    found = {(f.object, f.field): f.entity_type for f in result.findings}
    assert found[("people", "email")] == "EMAIL_ADDRESS"
    assert found[("mailing_export", "address")] == "EMAIL_ADDRESS"  # through the INSERT … SELECT
