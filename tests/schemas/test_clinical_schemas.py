"""Clinical data models as hospitals and research networks write them (issue 18): one-word event tables keyed by a
patient, star-schema dimensions, coded columns, providers, and the address table a person points at. The tables
are written here in the style of the public models (critical-care exports, OMOP, i2b2), not copied from them."""

from __future__ import annotations

from pathlib import Path

from rightskit import scan

CRITICAL_CARE = """\
CREATE TABLE PATIENTS (
  ROW_ID      NUMBER(7) NOT NULL,
  SUBJECT_ID  NUMBER(7) NOT NULL,
  GENDER      VARCHAR2(5 BYTE),
  DOB         DATE,
  EXPIRE_FLAG NUMBER(1),
  CONSTRAINT PAT_PK PRIMARY KEY (SUBJECT_ID)
);
CREATE TABLE WARDSTAYS (
  ROW_ID      NUMBER(7) NOT NULL,
  SUBJECT_ID  NUMBER(7) NOT NULL,
  STAY_ID     NUMBER(7),
  WARDNAME    VARCHAR2(20 BYTE),
  STAY_DAYS   NUMBER(10,4),
  DBSOURCE    VARCHAR2(20 BYTE)
);
CREATE TABLE VITALEVENTS (
  ROW_ID      NUMBER(7) NOT NULL,
  SUBJECT_ID  NUMBER(7) NOT NULL,
  ITEMID      NUMBER(7),
  CHARTTIME   DATE,
  READING     VARCHAR2(200 BYTE),
  READINGUOM  VARCHAR2(20 BYTE),
  ISERROR     NUMBER(1)
);
CREATE TABLE D_VITALITEMS (
  ITEMID      NUMBER(7) NOT NULL,
  LABEL       VARCHAR2(200 BYTE),
  UNITNAME    VARCHAR2(50 BYTE)
);
"""


def _found(tmp_path: Path, files: dict[str, str]) -> dict[tuple[str, str, str], object]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {
        (Path(f.path).name, f.object.rsplit(".", 1)[-1].casefold(), f.field.casefold()): f
        for f in scan(tmp_path).findings
    }


def test_event_tables_keyed_by_a_patient_are_health_records(tmp_path: Path) -> None:
    got = _found(tmp_path, {"create_tables.sql": CRITICAL_CARE})
    by = {(obj, col): f.entity_type for (_, obj, col), f in got.items()}
    for column in ("wardname", "stay_days"):
        assert by[("wardstays", column)] == "HEALTH", column
    assert by[("vitalevents", "reading")] == "HEALTH"
    note = got[("create_tables.sql", "vitalevents", "reading")].evidence.notes
    assert any("a patient's record in a clinical schema" in n for n in note)
    # keys, units, error flags, provenance and the item dictionary are about no one's health
    for obj, col in (("vitalevents", "readinguom"), ("vitalevents", "iserror"), ("wardstays", "dbsource"),
                     ("wardstays", "row_id"), ("vitalevents", "itemid")):  # fmt: skip
        assert (obj, col) not in by, (obj, col)
    assert not any(obj == "d_vitalitems" for obj, _ in by)
    # the patients' own table keeps its demographics, not a health label
    assert by[("patients", "gender")] == "GENDER" and by[("patients", "expire_flag")] == "DATE_OF_DEATH"


def test_the_same_event_tables_in_a_web_application_are_not_health_data(tmp_path: Path) -> None:
    web = (
        "CREATE TABLE users (user_id int PRIMARY KEY, email text);\n"
        "CREATE TABLE loginevents (user_id int REFERENCES users(user_id), reading text, wardname text);\n"
    )
    got = _found(tmp_path, {"schema.sql": web})
    assert not any(f.entity_type == "HEALTH" for f in got.values())


STAR_SCHEMA = """\
CREATE TABLE patient_dim (
    patient_num       INT NOT NULL,
    vital_status_cd   VARCHAR(50) NULL,
    sex_cd            VARCHAR(50) NULL,
    marital_status_cd VARCHAR(50) NULL,
    language_cd       VARCHAR(50) NULL,
    update_date       TIMESTAMP NULL,
    sourcesystem_cd   VARCHAR(50) NULL
);
CREATE TABLE encounter_dim (
    encounter_num     INT NOT NULL,
    patient_num       INT NOT NULL,
    inout_cd          VARCHAR(50) NULL,
    length_of_stay    INT NULL,
    import_date       TIMESTAMP NULL,
    sourcesystem_cd   VARCHAR(50) NULL
);
CREATE TABLE clinician_dim (
    clinician_id      VARCHAR(50) NOT NULL,
    clinician_name    VARCHAR(850) NULL,
    npi               VARCHAR(10) NULL,
    specialty_cd      VARCHAR(50) NULL
);
"""


def test_star_schema_dimensions_coded_attributes_and_clinicians(tmp_path: Path) -> None:
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"datamart.sql": STAR_SCHEMA}).items()}
    assert by[("patient_dim", "vital_status_cd")] == "DATE_OF_DEATH"
    assert by[("patient_dim", "marital_status_cd")] == "PERSON_ATTRIBUTE"
    assert by[("patient_dim", "language_cd")] == "PERSON_ATTRIBUTE"
    assert by[("encounter_dim", "inout_cd")] == "HEALTH" and by[("encounter_dim", "length_of_stay")] == "HEALTH"
    for obj, col in (("patient_dim", "update_date"), ("patient_dim", "sourcesystem_cd"),
                     ("encounter_dim", "import_date"), ("encounter_dim", "sourcesystem_cd")):  # fmt: skip
        assert (obj, col) not in by, (obj, col)
    assert by[("clinician_dim", "clinician_name")] == "PERSON"
    assert by[("clinician_dim", "npi")] == "NATIONAL_ID"
    assert by[("clinician_dim", "specialty_cd")] == "PERSON_ATTRIBUTE"


COMMON_MODEL = """\
CREATE TABLE @cdmSchema.person (
    person_id integer NOT NULL,
    year_of_birth integer NOT NULL,
    location_id integer NULL
);
CREATE TABLE @cdmSchema.location (
    location_id integer NOT NULL,
    address_1 varchar(50) NULL,
    city varchar(50) NULL,
    zip varchar(9) NULL,
    latitude float NULL
);
CREATE TABLE @cdmSchema.visit_occurrence (
    visit_occurrence_id integer NOT NULL,
    person_id integer NOT NULL,
    visit_concept_id integer NOT NULL,
    visit_start_date date NOT NULL,
    visit_type_concept_id integer NOT NULL
);
CREATE TABLE @cdmSchema.condition_occurrence (
    condition_occurrence_id integer NOT NULL,
    person_id integer NOT NULL,
    condition_concept_id integer NOT NULL
);
CREATE TABLE @cdmSchema.drug_exposure (
    drug_exposure_id integer NOT NULL,
    person_id integer NOT NULL,
    drug_concept_id integer NOT NULL
);
CREATE TABLE @cdmSchema.measurement (
    measurement_id integer NOT NULL,
    person_id integer NOT NULL,
    value_as_number float NULL,
    unit_concept_id integer NULL,
    range_low float NULL,
    range_high float NULL
);
GO
"""

FACILITIES = """\
CREATE TABLE facility (facility_id integer NOT NULL, location_id integer NULL, facility_name varchar(255) NULL);
CREATE TABLE location (location_id integer NOT NULL, address_1 varchar(50) NULL, zip varchar(9) NULL);
"""


def test_visits_of_a_person_keyed_model_and_the_address_a_person_points_at(tmp_path: Path) -> None:
    got = _found(tmp_path, {"cdm_ddl.sql": COMMON_MODEL, "facilities.sql": FACILITIES})
    by = {(path, obj, col): f.entity_type for (path, obj, col), f in got.items()}
    cdm = {(obj, col): e for (path, obj, col), e in by.items() if path == "cdm_ddl.sql"}
    assert cdm[("visit_occurrence", "visit_concept_id")] == "HEALTH"
    assert cdm[("visit_occurrence", "visit_start_date")] == "HEALTH"
    assert cdm[("measurement", "value_as_number")] == "HEALTH"
    for obj, col in (("visit_occurrence", "visit_type_concept_id"), ("measurement", "unit_concept_id"),
                     ("measurement", "range_low"), ("measurement", "range_high")):  # fmt: skip
        assert (obj, col) not in cdm, (obj, col)
    # person.location_id points at the person's address: its street and postcode are the person's
    assert cdm[("location", "address_1")] == "STREET_ADDRESS" and cdm[("location", "zip")] == "POSTAL_CODE"
    assert "pointed at by person.location_id" in " ".join(got[("cdm_ddl.sql", "location", "zip")].evidence.notes)
    # a facility's location in another file is business data
    assert not any(path == "facilities.sql" for path, _, _ in by)


# A research network's model: abbreviated patient keys, no table named after patients, clinical abbreviations in
# table names, provenance columns, and one-character flags.
NETWORK_MODEL = """\
CREATE TABLE cdm.demographic (
    patid          VARCHAR(50) NOT NULL,
    birth_date     DATE,
    birth_time     VARCHAR(5),
    sex            VARCHAR(2),
    hispanic       VARCHAR(2),
    pref_language  VARCHAR(3)
);
CREATE TABLE cdm.dx_event (
    eventid        VARCHAR(50) NOT NULL,
    patid          VARCHAR(50) NOT NULL,
    dx             VARCHAR(18) NOT NULL,
    dx_source      VARCHAR(2),
    onset_date     DATE
);
CREATE TABLE cdm.med_admin (
    medadminid     VARCHAR(50) NOT NULL,
    patid          VARCHAR(50) NOT NULL,
    dose_given     NUMERIC(15,8),
    route          VARCHAR(50)
);
CREATE TABLE cdm.measurement (
    measureid      VARCHAR(50) NOT NULL,
    patid          VARCHAR(50) NOT NULL,
    systolic       NUMERIC(4),
    specimen_source VARCHAR(20),
    admitting_source VARCHAR(2),
    result_modifier VARCHAR(2),
    reading_source VARCHAR(2)
);
CREATE TABLE cdm.clinician (
    clinicianid    VARCHAR(50) NOT NULL,
    clin_npi       NUMERIC(10),
    clin_npi_flag  CHAR(1),
    home_street    VARCHAR(80),
    home_state     CHAR(2)
);
"""


def test_an_abbreviated_patient_key_makes_the_schema_clinical(tmp_path: Path) -> None:
    got = _found(tmp_path, {"network.sql": NETWORK_MODEL})
    by = {(obj, col): f.entity_type for (_, obj, col), f in got.items()}
    # patid names a patient: every table it keys is the patient's record, clinical abbreviations included
    for obj, col in (("dx_event", "dx"), ("dx_event", "onset_date"), ("med_admin", "dose_given"),
                     ("med_admin", "route"), ("measurement", "systolic"), ("measurement", "specimen_source")):  # fmt: skip
        assert by.get((obj, col)) == "HEALTH", (obj, col)
    assert ("measurement", "admitting_source") in by  # where the patient came from
    # provenance of the record and qualifiers of a value are about no one
    for obj, col in (("dx_event", "dx_source"), ("measurement", "result_modifier"), ("measurement", "reading_source")):
        assert (obj, col) not in by, (obj, col)
    # the demographics table is about the person: its own attributes, not a health label
    assert by[("demographic", "birth_date")] == "DATE_OF_BIRTH"
    assert by[("demographic", "birth_time")] == "DATE_OF_BIRTH"
    assert by[("demographic", "hispanic")] == "ETHNIC_ORIGIN"
    # a one-character flag beside an identifier holds no identifier; a two-letter state is still a place
    assert by.get(("clinician", "clin_npi_flag")) != "NATIONAL_ID"
    assert by[("clinician", "home_state")] == "LOCATION"


def test_medical_codes_in_two_person_keyed_tables_make_the_schema_clinical(tmp_path: Path) -> None:
    model = (
        "CREATE TABLE stays (subject_id INT NOT NULL, stay_id INT, intime TIMESTAMP, acuity INT);\n"
        "CREATE TABLE coded (subject_id INT NOT NULL, icd_code VARCHAR(8), icd_title TEXT);\n"
        "CREATE TABLE dispensed (subject_id INT NOT NULL, ndc VARCHAR(12), drug_name TEXT);\n"
    )
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"ed.sql": model}).items()}
    assert by[("stays", "acuity")] == "HEALTH"
    # without medical codes the same person-keyed table is no health record
    plain = "CREATE TABLE stays (subject_id INT NOT NULL, stay_id INT, intime TIMESTAMP, acuity INT);\n"
    (tmp_path / "ed.sql").unlink()
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"web.sql": plain}).items()}
    assert ("stays", "acuity") not in by


def test_a_hospitals_own_patient_number_is_a_direct_identifier_and_its_bookkeeping_is_not(tmp_path: Path) -> None:
    mapping = (
        "CREATE TABLE patient_map (patient_ide VARCHAR(200), patient_ide_source VARCHAR(50),\n"
        "  patient_ide_status VARCHAR(50), patient_num INT);\n"
        "CREATE TABLE admissions (mrn VARCHAR(20), hospital_number VARCHAR(12), admit_source VARCHAR(30));\n"
        "CREATE TABLE letters (id INT, sender_name TEXT, sender_addr TEXT, sender_postcode TEXT);\n"
    )
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"his.sql": mapping}).items()}
    for obj, col in (("patient_map", "patient_ide"), ("admissions", "mrn"), ("admissions", "hospital_number")):
        assert by[(obj, col)] == "MEDICAL_RECORD_NUMBER", (obj, col)
    assert by.get(("patient_map", "patient_ide_source")) != "MEDICAL_RECORD_NUMBER"
    assert by.get(("patient_map", "patient_ide_status")) != "MEDICAL_RECORD_NUMBER"
    # a sender is a person: the abbreviated address beside their postcode is theirs
    assert by[("letters", "sender_addr")] == "STREET_ADDRESS"


# A tele-ICU export in the style of public critical-care sets: every table repeats the stay key that is the first
# column of the patients' table, and no foreign key is declared.
STAY_KEYED = """\
CREATE TABLE patient (
    patientunitstayid INT NOT NULL,
    gender VARCHAR(25),
    admissionweight NUMERIC(10,2),
    unittype VARCHAR(50),
    allow_portal BOOLEAN,
    care_team_status VARCHAR(20),
    loaded_at TIMESTAMP
);
CREATE TABLE apacheinputs (
    apacheinputsid INT NOT NULL,
    patientunitstayid INT NOT NULL,
    verbal INT,
    sodium NUMERIC(11,4)
);
CREATE TABLE hospital (hospitalid INT NOT NULL, numbedscategory VARCHAR(32), region VARCHAR(64));
"""


def test_a_stay_key_repeated_from_the_patients_table_joins_every_table_to_the_patient(tmp_path: Path) -> None:
    got = _found(tmp_path, {"icu.sql": STAY_KEYED})
    by = {(obj, col): f.entity_type for (_, obj, col), f in got.items()}
    assert by[("apacheinputs", "verbal")] == "HEALTH" and by[("apacheinputs", "sodium")] == "HEALTH"
    assert any("patientunitstayid" in n for n in got[("icu.sql", "apacheinputs", "sodium")].evidence.notes)
    # the patients' own descriptive columns are theirs; consent flags, workflow states and load times are not
    assert by[("patient", "admissionweight")] == "PERSON_ATTRIBUTE"
    assert by[("patient", "unittype")] == "PERSON_ATTRIBUTE"
    for col in ("allow_portal", "care_team_status", "loaded_at", "patientunitstayid"):
        assert ("patient", col) not in by, col
    assert not any(obj == "hospital" for obj, _ in by)


RECORD_CHAIN = """\
CREATE TABLE patient_data (id INT, pid INT, fname VARCHAR(255), lname VARCHAR(255), birth_date DATE);
CREATE TABLE lab_order (lab_order_id INT, patient_id INT, date_ordered DATE);
CREATE TABLE lab_report (lab_report_id INT, lab_order_id INT, specimen_num VARCHAR(50));
CREATE TABLE lab_result (lab_result_id INT, lab_report_id INT, result_code VARCHAR(31), result_text VARCHAR(255));
CREATE TABLE problems (id INT, pid INT, severity VARCHAR(255), list_id VARCHAR(100), groupname VARCHAR(31),
  billed INT, account_code VARCHAR(20));
CREATE TABLE list_options (list_id VARCHAR(100), option_id VARCHAR(100), title VARCHAR(255), seq INT);
"""


def test_rows_that_belong_to_a_patients_record_are_the_patients_and_lookups_stay_lookups(tmp_path: Path) -> None:
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"ehr.sql": RECORD_CHAIN}).items()}
    # fname/lname: the usual abbreviations of a person's names
    assert by[("patient_data", "fname")] == "PERSON" and by[("patient_data", "lname")] == "PERSON"
    # a result belongs to a report, the report to an order keyed by the patient: followed through the keys
    assert by[("lab_result", "result_text")] == "HEALTH" and by[("lab_result", "result_code")] == "HEALTH"
    assert by[("problems", "severity")] == "HEALTH"  # pid: the person key of this schema
    for col in ("groupname", "billed", "account_code"):  # the practice's bookkeeping, not the patient's health
        assert ("problems", col) not in by, col
    # list_options.list_id names a list of options; it is no key to the patients' problems
    assert not any(obj == "list_options" for obj, _ in by)


SCHOOL = """\
CREATE TABLE students (student_id INT NOT NULL, first_name VARCHAR(50), last_name VARCHAR(50), birth_date DATE);
CREATE TABLE student_medical (id INT, student_id INT NOT NULL, type VARCHAR(25), medical_date DATE, comments TEXT);
CREATE TABLE student_medical_visits (id INT, student_id INT NOT NULL, reason TEXT, result TEXT);
CREATE TABLE attendance_day (student_id INT NOT NULL, school_date DATE, minutes_present INT, comment TEXT);
CREATE TABLE grades (student_id INT NOT NULL, course_title VARCHAR(100), grade_letter VARCHAR(5), gpa NUMERIC(4,2));
CREATE TABLE enrolment (student_id INT NOT NULL, school_id INT, start_date DATE, end_date DATE);
CREATE TABLE student_schedule (id INT, student_id INT NOT NULL, course_period VARCHAR(20), marking_period VARCHAR(20));
CREATE TABLE student_eligibility (id INT, student_id INT NOT NULL, activity VARCHAR(50), eligible_code VARCHAR(20));
CREATE TABLE student_assignments (id INT, student_id INT NOT NULL, assignment_title VARCHAR(100), points NUMERIC(6,2));
CREATE TABLE student_fees (id INT, student_id INT NOT NULL, title VARCHAR(100), amount NUMERIC(9,2));
CREATE TABLE student_library_loans (id INT, student_id INT NOT NULL, book_title VARCHAR(200), due_date DATE);
CREATE TABLE student_awards (id INT, student_id INT NOT NULL, award VARCHAR(100), awarded DATE);
CREATE TABLE student_transport (id INT, student_id INT NOT NULL, bus_route VARCHAR(20), stop_name VARCHAR(50));
CREATE TABLE student_portfolio (id INT, student_id INT NOT NULL, artefact VARCHAR(100), grade_level VARCHAR(10));
CREATE TABLE schools (id INT NOT NULL, title VARCHAR(100), address VARCHAR(100), city VARCHAR(100), zipcode VARCHAR(10));
CREATE TABLE staff_transactions (transaction_id INT, staff_id INT, school_id INT REFERENCES schools(id), amount NUMERIC(9,2));
CREATE TABLE student_report (student_id INT NOT NULL, school_id INT REFERENCES schools(id), issued DATE);
"""


def test_a_school_system_with_a_nurse_module_keeps_no_patients_records(tmp_path: Path) -> None:
    by = {(obj, col): f.entity_type for (_, obj, col), f in _found(tmp_path, {"school.sql": SCHOOL}).items()}
    # the nurse's tables are health data by their names …
    assert by[("student_medical_visits", "reason")] == "HEALTH"
    # … but two medical tables among a dozen about students make no clinical schema: grades are not health
    for obj, col in (("grades", "grade_letter"), ("attendance_day", "minutes_present"), ("student_awards", "award")):
        assert by.get((obj, col)) != "HEALTH", (obj, col)
    # staff transactions point at a school: the school's address stays the school's
    assert not any(obj == "schools" for obj, _ in by)
