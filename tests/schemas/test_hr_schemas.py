"""Human-resources schemas as HR systems write them (issue 18): column names tagged with the table's initials,
employees' education, languages and pay in tables keyed by the employee, dependants and emergency contacts,
coded sexes. Written here in the style of public HR installers, not copied from them."""

from __future__ import annotations

from pathlib import Path

from tests.schemas.findings_by_column import entities_by_column

HR = """\
create table `hr_staff` (
  `staff_no` int(7) not null auto_increment,
  `staff_code` varchar(30) default null,
  `stf_surname` varchar(100) not null,
  `stf_sex` smallint(6) default null,
  `stf_marital_status` varchar(20) default null,
  `nation_code` int(4) default null,
  `stf_smoker` smallint(6) default '0',
  `stf_sin_num` varchar(40) default '',
  `stf_driver_licence` varchar(40) default '',
  `hire_date` date default null,
  primary key (`staff_no`)
) engine=innodb;
create table `hr_staff_next_of_kin` (
  `staff_no` int(7) not null,
  `nk_seqno` int not null,
  `nk_name` varchar(100) default '',
  `nk_relationship` varchar(100) default '',
  `nk_home_no` varchar(100) default '',
  `nk_office_no` varchar(100) default '',
  primary key (`staff_no`, `nk_seqno`)
) engine=innodb;
create table `hr_staff_photo` (
  `staff_no` int(7) not null,
  `sp_photo` mediumblob,
  `sp_filename` varchar(100),
  `sp_size` varchar(20)
) engine=innodb;
create table `hr_staff_qualification` (
  `id` int not null auto_increment,
  `staff_no` int not null,
  `qualification_id` int not null,
  `institute` varchar(100) default null,
  `major` varchar(100) default null,
  `graduated` decimal(4,0) default null,
  `comments` varchar(2000) default null,
  primary key (`id`)
) engine=innodb;
create table `hr_staff_payroll` (
  `staff_no` int not null,
  `period` date not null,
  `gross` decimal(11,2) not null,
  `booked_by` int default null
) engine=innodb;
create table `hr_qualification_level` (`id` int not null auto_increment, `name` varchar(100), primary key (`id`));
create table `wiki_incident` (
  `incident_id` int not null,
  `incident_title` varchar(200),
  `incident_reporter_email` varchar(200),
  `incident_date` date
) engine=innodb;
create table `order_relationships` (
  `order_id` int not null,
  `customer_id` int not null,
  `relationship` varchar(40)
) engine=innodb;
"""


def _by(tmp_path: Path) -> dict[tuple[str, str], str]:
    return entities_by_column(tmp_path, "hr.sql", HR)


def test_an_employees_own_columns_under_an_abbreviated_tag_are_found(tmp_path: Path) -> None:
    by = _by(tmp_path)
    assert by[("hr_staff", "stf_surname")] == "PERSON"
    assert by[("hr_staff", "stf_sex")] == "GENDER"  # coded as a number, still a sex
    assert by[("hr_staff", "stf_marital_status")] == "PERSON_ATTRIBUTE"
    assert by[("hr_staff", "nation_code")] == "NATIONALITY"
    assert by[("hr_staff", "stf_smoker")] == "HEALTH"
    assert by[("hr_staff", "stf_sin_num")] == "NATIONAL_ID"
    assert by[("hr_staff", "stf_driver_licence")] == "BG_DRIVING_LICENCE"
    assert by[("hr_staff", "hire_date")] == "PERSON_ATTRIBUTE"
    # the badge number beside the table's own integer key; the key itself points at the row
    assert by[("hr_staff", "staff_code")] == "PERSON_NUMBER"
    assert ("hr_staff", "staff_no") not in by


def test_next_of_kin_are_people_with_names_relationships_and_phones(tmp_path: Path) -> None:
    by = _by(tmp_path)
    assert by[("hr_staff_next_of_kin", "nk_name")] == "PERSON"
    assert by[("hr_staff_next_of_kin", "nk_relationship")] == "PERSON_ATTRIBUTE"
    assert by[("hr_staff_next_of_kin", "nk_home_no")] == "PHONE_NUMBER"
    assert by[("hr_staff_next_of_kin", "nk_office_no")] == "PHONE_NUMBER"
    assert ("hr_staff_next_of_kin", "nk_seqno") not in by
    assert by[("hr_staff_photo", "sp_photo")] == "PHOTO"
    assert ("hr_staff_photo", "sp_size") not in by


def test_a_qualification_keyed_by_the_employee_describes_them_and_pay_rows_are_their_pay(tmp_path: Path) -> None:
    by = _by(tmp_path)
    for column in ("qualification_id", "institute", "major", "graduated"):
        assert by[("hr_staff_qualification", column)] == "PERSON_ATTRIBUTE", column
    assert ("hr_staff_qualification", "staff_no") not in by  # the key only points at the employee
    assert ("hr_staff_qualification", "comments") not in by  # free text: whatever was written, not an attribute
    assert by[("hr_staff_payroll", "gross")] == "SALARY"
    assert ("hr_staff_payroll", "period") not in by  # a payment's date is bookkeeping
    assert not any(obj == "hr_qualification_level" for obj, _ in by)  # the lookup is about no one


def test_a_tag_that_is_the_tables_own_noun_and_a_rows_own_kind_are_not_a_persons(tmp_path: Path) -> None:
    by = _by(tmp_path)
    assert by[("wiki_incident", "incident_reporter_email")] == "EMAIL_ADDRESS"
    assert ("wiki_incident", "incident_title") not in by  # the incident's title, not a person's
    assert by.get(("order_relationships", "relationship")) != "PERSON_ATTRIBUTE"


def test_glued_and_paired_words_name_people_and_their_numbers(tmp_path: Path) -> None:
    by = entities_by_column(
        tmp_path,
        "app.sql",
        "CREATE TABLE members (id INT, registrationip VARCHAR(40), state_license_number VARCHAR(40));\n"
        "CREATE TABLE clinician_dimension (clinician_path VARCHAR(700), name_char VARCHAR(200));\n"
        "CREATE TABLE provider_dimension (provider_path VARCHAR(700), name_char VARCHAR(200));\n"
        "CREATE TABLE product_dimension (product_path VARCHAR(700), name_char VARCHAR(200));\n",
    )
    assert by[("members", "registrationip")] == "IP_ADDRESS"
    assert by[("members", "state_license_number")] == "PERSON_NUMBER"
    assert by[("clinician_dimension", "name_char")] == "PERSON"
    assert by[("provider_dimension", "name_char")] == "PERSON"  # the pair names people, "provider" alone does not
    assert ("product_dimension", "name_char") not in by
