"""Web applications' schemas as their projects write them (issue 18): byte-string columns, table-prefixed column
names, French and abbreviated words, pictures of people. Written here in the style of public wiki and ERP install
scripts, not copied from them."""

from __future__ import annotations

from pathlib import Path

from rightskit import scan

WIKI = """\
CREATE TABLE /*_*/wiki_user (
  user_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  user_name VARBINARY(255) DEFAULT '' NOT NULL,
  user_real_name VARBINARY(255) DEFAULT '' NOT NULL,
  user_email TINYBLOB NOT NULL,
  PRIMARY KEY(user_id)
) /*$wgDBTableOptions*/;
CREATE TABLE /*_*/rchanges (
  rc_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  rc_namespace INT DEFAULT 0 NOT NULL,
  rc_minor TINYINT UNSIGNED DEFAULT 0 NOT NULL,
  rc_ip VARBINARY(40) DEFAULT '' NOT NULL,
  PRIMARY KEY(rc_id)
) /*$wgDBTableOptions*/;
"""

ERP = """\
CREATE TABLE llx_member (
  rowid integer AUTO_INCREMENT PRIMARY KEY,
  civility varchar(6),
  lastname varchar(50),
  firstname varchar(50),
  pass varchar(50),
  pass_crypted varchar(128),
  birth date,
  photo varchar(255),
  jabberid varchar(255),
  note_public text
) ENGINE=innodb;
CREATE TABLE llx_product (rowid integer AUTO_INCREMENT PRIMARY KEY, label varchar(255), photo varchar(255)) ENGINE=innodb;
"""


def _by(tmp_path: Path, name: str, text: str) -> dict[tuple[str, str], str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return {(f.object.rsplit(".", 1)[-1], f.field): f.entity_type for f in scan(tmp_path).findings}


def test_byte_string_columns_hold_names_and_addresses_and_a_table_prefix_is_no_identifier(tmp_path: Path) -> None:
    by = _by(tmp_path, "tables-generated.sql", WIKI)
    assert by[("wiki_user", "user_name")] == "USERNAME"
    assert by[("wiki_user", "user_real_name")] == "PERSON"
    assert by[("rchanges", "rc_ip")] == "IP_ADDRESS"
    # rc_ is the table's prefix, not the Czech birth number's abbreviation
    assert not any(entity == "CZ_BIRTH_NUMBER" for entity in by.values())


def test_a_members_credentials_birth_picture_and_messenger_are_found_a_products_picture_is_not(tmp_path: Path) -> None:
    by = _by(tmp_path, "llx_member.sql", ERP)
    assert by[("llx_member", "pass_crypted")] == "PASSWORD"
    assert by[("llx_member", "civility")] == "PERSON_ATTRIBUTE"
    assert by[("llx_member", "birth")] == "DATE_OF_BIRTH"
    assert by[("llx_member", "photo")] == "PHOTO"
    assert by[("llx_member", "jabberid")] == "USERNAME"
    assert ("llx_product", "photo") not in by


def test_a_named_head_of_a_body_and_a_payout_address_are_personal_a_loans_principal_is_not(tmp_path: Path) -> None:
    ddl = (
        "CREATE TABLE schools (id INT, title VARCHAR(100), principal VARCHAR(100));\n"
        "CREATE TABLE affiliates (customer_id INT, paypal VARCHAR(64), upin VARCHAR(20));\n"
        "CREATE TABLE loans (loan_id INT, principal NUMERIC(12,2), rate NUMERIC(5,3));\n"
    )
    by = _by(tmp_path, "school.sql", ddl)
    assert by[("schools", "principal")] == "PERSON"
    assert by[("affiliates", "paypal")] == "EMAIL_ADDRESS"
    assert by[("affiliates", "upin")] == "NATIONAL_ID"
    assert ("loans", "principal") not in by  # an amount: the type contradicts a name
