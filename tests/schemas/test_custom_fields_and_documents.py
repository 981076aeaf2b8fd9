"""Fields a schema names only indirectly (issue 18): custom fields whose titles are rows of a definitions table,
identity documents kept as rows, profile cards known by their photo, address ranges beside an IP, pictures kept as
bytes. Written here in the style of the real schemas they come from (a school system's PostgreSQL dump, a school's
MySQL schema, a social network's, a wiki's), not copied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from rightskit.schemas.sqlscan import SqlSource, scan_sql
from tests.schemas.findings_by_column import entities_by_column

if TYPE_CHECKING:
    from rightskit.detect.detector import Detector

CUSTOM_FIELDS = """\
CREATE TABLE pupils (
    pupil_id integer NOT NULL,
    custom_300000000 text,
    custom_300000001 text,
    custom_300000002 date,
    custom_300000003 text,
    custom_300000004 text,
    custom_300000005 char(1),
    custom_300000006 text
);
CREATE TABLE teachers (
    teacher_id integer NOT NULL,
    custom_300000000 text
);
CREATE TABLE custom_fields (
    id serial PRIMARY KEY,
    type varchar(10) NOT NULL,
    title text NOT NULL,
    sort_order numeric,
    category_id integer
);
CREATE TABLE teacher_fields (
    id serial PRIMARY KEY,
    type varchar(10) NOT NULL,
    title text NOT NULL,
    category_id integer
);
CREATE TABLE pupil_field_categories (
    id serial PRIMARY KEY,
    title text NOT NULL
);
INSERT INTO pupil_field_categories VALUES (NEXTVAL('pupil_field_categories_id_seq'), 'About the pupil');
INSERT INTO pupil_field_categories VALUES (NEXTVAL('pupil_field_categories_id_seq'), 'Medical');
SELECT SETVAL('custom_fields_id_seq', 299999999 );
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'text', 'Usual Name', 0, 1);
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'text', 'Social Security', 1, 1);
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'date', 'Birthdate', 2, 1);
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'text', 'Favourite Colour', 3, 1);
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'textarea', 'Remarks', 4, 2);
INSERT INTO custom_fields VALUES (NEXTVAL('custom_fields_id_seq'), 'radio', 'Has Inhaler', 5, 2);
INSERT INTO custom_fields (id, type, title, sort_order, category_id) VALUES (300000006, 'text', 'Mobile', 6, 1);
SELECT SETVAL('teacher_fields_id_seq', 300000000, false);
INSERT INTO teacher_fields VALUES (NEXTVAL('teacher_fields_id_seq'), 'text', 'Email Address', 1);
"""


def test_custom_fields_read_their_titles_from_the_definition_rows(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "school.sql", CUSTOM_FIELDS)
    assert found[("pupils", "custom_300000000")] == "PERSON"
    assert found[("pupils", "custom_300000001")] == "NATIONAL_ID"
    assert found[("pupils", "custom_300000002")] == "DATE_OF_BIRTH"
    assert found[("pupils", "custom_300000006")] == "PHONE_NUMBER"  # an explicit id, not a sequence's
    # filed under "Medical": the pupil's health, a flag included
    assert found[("pupils", "custom_300000004")] == "HEALTH"
    assert found[("pupils", "custom_300000005")] == "HEALTH"
    assert ("pupils", "custom_300000003") not in found  # a favourite colour is nobody's identifier
    # teacher_fields is the teachers' own list: its first row (the sequence set not yet called) is id 300000000
    assert found[("teachers", "custom_300000000")] == "EMAIL_ADDRESS"
    assert ("custom_fields", "title") not in found


def test_custom_field_evidence_names_the_definition(tmp_path: Path) -> None:
    (tmp_path / "school.sql").write_text(CUSTOM_FIELDS, encoding="utf-8")
    from rightskit import scan

    finding = next(f for f in scan(tmp_path).findings if f.field == "custom_300000004")
    assert finding.location.line == 7  # the column's own definition
    scanned, catalogue = scan_sql([SqlSource("s.sql", CUSTOM_FIELDS)], _detector())
    column = catalogue.find("pupils", "s.sql").columns["custom_300000004"]
    assert column.meta.description == "custom field 'Remarks' (Medical) defined in custom_fields"
    assert not scanned.warnings["s.sql"]


def test_value_columns_without_a_definition_stay_as_they_are(tmp_path: Path) -> None:
    text = CUSTOM_FIELDS.replace("custom_300000003 text", "custom_400000000 text")
    found = entities_by_column(tmp_path, "school.sql", text)
    assert ("pupils", "custom_400000000") not in found
    assert found[("pupils", "custom_300000000")] == "PERSON"  # the teachers' list lends pupils nothing


DOCUMENTS = """\
CREATE TABLE `schoolPersonalDocument` (
  `schoolPersonalDocumentID` int(12) UNSIGNED ZEROFILL NOT NULL,
  `schoolPersonalDocumentTypeID` int(3) UNSIGNED ZEROFILL NOT NULL,
  `foreignTable` varchar(60) NOT NULL,
  `foreignTableID` int(12) UNSIGNED ZEROFILL NOT NULL,
  `documentNumber` varchar(120) DEFAULT NULL,
  `documentName` varchar(120) DEFAULT NULL,
  `documentType` varchar(60) DEFAULT NULL,
  `filePath` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`schoolPersonalDocumentID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolPersonalDocumentType` (
  `schoolPersonalDocumentTypeID` int(3) UNSIGNED ZEROFILL NOT NULL,
  `name` varchar(60) NOT NULL,
  `sequenceNumber` int(3) NOT NULL,
  PRIMARY KEY (`schoolPersonalDocumentTypeID`)
) ENGINE=InnoDB;
CREATE TABLE `staff_passport` (
  `staff_number` varchar(20) NOT NULL,
  `passport_number` varchar(20) NOT NULL,
  `issuer_name` varchar(60) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE `travelPapers` (
  `travelPapersID` int(12) NOT NULL,
  `kind` enum('Passport','ID Card','Residence Permit') NOT NULL,
  `paperNumber` varchar(40) NOT NULL,
  PRIMARY KEY (`travelPapersID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolInvoice` (
  `schoolInvoiceID` int(12) NOT NULL,
  `documentNumber` varchar(40) NOT NULL,
  `documentName` varchar(120) NOT NULL,
  PRIMARY KEY (`schoolInvoiceID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolPupil` (
  `schoolPupilID` int(10) NOT NULL,
  `birthCertificateScan` varchar(255) NOT NULL,
  PRIMARY KEY (`schoolPupilID`)
) ENGINE=InnoDB;
"""


def test_identity_documents_kept_as_rows_give_their_number_name_and_scan(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "school.sql", DOCUMENTS)
    assert found[("schoolPersonalDocument", "documentNumber")] == "NATIONAL_ID"
    assert found[("schoolPersonalDocument", "documentName")] == "PERSON"
    assert found[("schoolPersonalDocument", "filePath")] == "NATIONAL_ID"
    for key in ("schoolPersonalDocumentID", "schoolPersonalDocumentTypeID", "documentType", "foreignTable"):
        assert ("schoolPersonalDocument", key) not in found
    assert ("schoolPersonalDocumentType", "name") not in found  # a list of kinds of document
    assert ("schoolPersonalDocumentType", "sequenceNumber") not in found
    assert found[("staff_passport", "passport_number")] == "BG_PASSPORT"
    assert found[("staff_passport", "staff_number")] != "BG_PASSPORT"  # the key of the passport's holder
    assert found[("staff_passport", "issuer_name")] != "PERSON"  # the authority that issued it
    assert found[("travelPapers", "paperNumber")] == "NATIONAL_ID"  # the kinds the enum lists say so
    assert ("schoolInvoice", "documentNumber") not in found  # an invoice's number is not an identity document's
    assert ("schoolInvoice", "documentName") not in found
    assert found[("schoolPupil", "birthCertificateScan")] == "NATIONAL_ID"


SOCIAL = """\
CREATE TABLE IF NOT EXISTS `user` (
  `uid` mediumint unsigned NOT NULL auto_increment,
  `username` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY(`uid`)
) DEFAULT COLLATE utf8mb4_general_ci;
CREATE TABLE IF NOT EXISTS `suggestion` (
  `id` int unsigned NOT NULL auto_increment,
  `uid` mediumint unsigned NOT NULL DEFAULT 0 COMMENT 'User id',
  `name` varchar(255) NOT NULL DEFAULT '',
  `url` varbinary(383) NOT NULL DEFAULT '',
  `photo` varbinary(383) NOT NULL DEFAULT '',
  `name_cache` tinytext,
  FOREIGN KEY (`uid`) REFERENCES `user` (`uid`),
  PRIMARY KEY(`id`)
) DEFAULT COLLATE utf8mb4_general_ci;
CREATE TABLE IF NOT EXISTS `album` (
  `id` int unsigned NOT NULL auto_increment,
  `uid` mediumint unsigned NOT NULL DEFAULT 0,
  `name` varchar(255) NOT NULL DEFAULT '',
  `url` varbinary(383) NOT NULL DEFAULT '',
  FOREIGN KEY (`uid`) REFERENCES `user` (`uid`),
  PRIMARY KEY(`id`)
) DEFAULT COLLATE utf8mb4_general_ci;
CREATE TABLE IF NOT EXISTS `channel` (
  `channel_id` varchar(255) NOT NULL,
  `creator` varchar(255) NOT NULL,
  PRIMARY KEY(`channel_id`)
);
CREATE TABLE IF NOT EXISTS `channel_state` (
  `channel_id` varchar(255) NOT NULL,
  `name` varchar(255),
  `avatar` varchar(255),
  FOREIGN KEY (`channel_id`) REFERENCES `channel` (`channel_id`)
);
CREATE TABLE IF NOT EXISTS `remote-contact` (
  `uri-id` int unsigned NOT NULL,
  `addr` varchar(255),
  `nick` varchar(255),
  `photo` varchar(255),
  `micro` varchar(255)
);
CREATE TABLE IF NOT EXISTS `postal-contact` (
  `uri-id` int unsigned NOT NULL,
  `addr` varchar(255),
  `city` varchar(255),
  `nick` varchar(255),
  `photo` varchar(255)
);
CREATE TABLE IF NOT EXISTS `photo` (
  `id` int unsigned NOT NULL auto_increment,
  `uid` mediumint unsigned NOT NULL DEFAULT 0,
  `filename` varchar(255) NOT NULL DEFAULT '',
  `data` mediumblob NOT NULL,
  FOREIGN KEY (`uid`) REFERENCES `user` (`uid`),
  PRIMARY KEY(`id`)
);
CREATE TABLE IF NOT EXISTS `post` (
  `id` int unsigned NOT NULL auto_increment,
  `uid` mediumint unsigned NOT NULL DEFAULT 0,
  `poster` varchar(128) NOT NULL DEFAULT '',
  `source` varchar(32) NOT NULL DEFAULT '',
  `ip_address` varchar(64) NOT NULL DEFAULT '',
  FOREIGN KEY (`uid`) REFERENCES `user` (`uid`),
  PRIMARY KEY(`id`)
);
"""


def test_a_row_with_someones_photo_is_a_profile_card(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "social.sql", SOCIAL)
    assert found[("suggestion", "name")] == "PERSON"
    assert found[("suggestion", "name_cache")] == "PERSON"
    assert found[("suggestion", "url")] == "URL"
    assert ("album", "name") not in found  # no photo: an album's name
    assert ("album", "url") not in found
    assert ("channel_state", "name") not in found  # keyed by a channel, not by a person
    assert found[("photo", "data")] == "PHOTO"
    assert ("photo", "filename") not in found
    assert found[("remote-contact", "addr")] == "USERNAME"  # user@host beside a handle and a photo
    assert found[("remote-contact", "micro")] == "PHOTO"  # the photo's smallest size
    assert found[("postal-contact", "addr")] == "STREET_ADDRESS"  # beside a city: a street address
    assert found[("post", "poster")] == "PERSON"
    assert ("post", "source") not in found


WIKI = """\
CREATE TABLE /*_*/block_target (
  bt_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  bt_address TINYBLOB DEFAULT NULL,
  bt_user INT UNSIGNED DEFAULT NULL,
  bt_range_start TINYBLOB DEFAULT NULL,
  bt_range_end TINYBLOB DEFAULT NULL,
  bt_ip_hex TINYBLOB DEFAULT NULL,
  bt_count INT DEFAULT 0 NOT NULL,
  PRIMARY KEY(bt_id)
) /*$wgDBTableOptions*/;
CREATE TABLE /*_*/page_range (
  pr_id INT UNSIGNED AUTO_INCREMENT NOT NULL,
  pr_range_start INT UNSIGNED NOT NULL,
  pr_range_end INT UNSIGNED NOT NULL,
  PRIMARY KEY(pr_id)
) /*$wgDBTableOptions*/;
CREATE TABLE /*_*/ip_changes (
  ipc_rev_id INT UNSIGNED DEFAULT 0 NOT NULL,
  ipc_rev_timestamp BINARY(14) NOT NULL,
  ipc_hex VARBINARY(35) DEFAULT '' NOT NULL,
  PRIMARY KEY(ipc_rev_id)
) /*$wgDBTableOptions*/;
CREATE TABLE email_settings (
  setting_name VARCHAR(40) NOT NULL,
  value VARCHAR(255) NOT NULL,
  raw VARCHAR(255) NOT NULL
);
CREATE TABLE prisoners (
    id uuid NOT NULL,
    last_name character varying NOT NULL,
    number character varying NOT NULL
);
"""


def test_addresses_held_as_bytes_and_range_bounds_beside_an_ip(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "wiki.sql", WIKI)
    assert found[("block_target", "bt_address")] == "IP_ADDRESS"
    assert found[("block_target", "bt_range_start")] == "IP_ADDRESS"
    assert found[("block_target", "bt_range_end")] == "IP_ADDRESS"
    assert ("block_target", "bt_count") not in found
    assert ("page_range", "pr_range_start") not in found  # a range of pages beside no address
    assert found[("ip_changes", "ipc_hex")] == "IP_ADDRESS"  # the address the table is named after, in hex
    assert ("ip_changes", "ipc_rev_timestamp") not in found
    assert ("email_settings", "value") not in found  # a list of settings: its values are nobody's
    assert ("email_settings", "raw") not in found
    assert found[("prisoners", "number")] == "PERSON_NUMBER"


def _detector() -> Detector:
    from rightskit.detect.detector import default_detector

    return default_detector()


MAIL = """\
CREATE TABLE `identities` (
  `identity_id` int(10) UNSIGNED NOT NULL AUTO_INCREMENT,
  `user_id` int(10) UNSIGNED NOT NULL,
  `organization` varchar(128) NOT NULL DEFAULT '',
  `bcc` varchar(128) NOT NULL DEFAULT '',
  PRIMARY KEY(`identity_id`)
) ENGINE=INNODB;
CREATE TABLE Operators (
  id INTEGER NOT NULL AUTO_INCREMENT,
  Name varchar(200) NOT NULL,
  Gecos varchar(200) NULL,
  Disabled int2 NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
CREATE TABLE Actions (
  id INTEGER NOT NULL AUTO_INCREMENT,
  Template varchar(200) NOT NULL,
  Disabled int2 NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
"""


def test_mail_and_ticketing_words(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "mail.sql", MAIL)
    assert found[("identities", "bcc")] == "EMAIL_ADDRESS"
    assert found[("identities", "organization")] == "PERSON_ATTRIBUTE"  # the sender's own organisation
    assert found[("Operators", "Gecos")] == "PERSON"  # the Unix account's full name
    assert ("Operators", "Disabled") not in found  # a switched-off account, not a disability
    assert ("Actions", "Disabled") not in found
    assert ("Actions", "Template") not in found  # not a number plate


HELPDESK = """\
CREATE TABLE `thread_entry` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `recipients` text,
  `headers` text,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8;
CREATE TABLE `thread_entry_email` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `thread_entry_id` int(11) unsigned NOT NULL,
  `mid` varchar(255) NOT NULL,
  `headers` text,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8;
CREATE TABLE `staff` (
  `staff_id` int(11) unsigned NOT NULL auto_increment,
  `assistant` varchar(80),
  `supervisor` int(11) unsigned,
  PRIMARY KEY (`staff_id`)
) DEFAULT CHARSET=utf8;
CREATE TABLE `export_file` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `headers` text,
  `recipients_count` int(11) NOT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARSET=utf8;
"""


def test_a_messages_headers_and_recipients_hold_addresses(tmp_path: Path) -> None:
    found = entities_by_column(tmp_path, "helpdesk.sql", HELPDESK)
    assert found[("thread_entry", "recipients")] == "EMAIL_ADDRESS"
    assert found[("thread_entry_email", "headers")] == "EMAIL_ADDRESS"
    assert ("thread_entry_email", "mid") not in found
    assert ("thread_entry", "headers") not in found  # not a table of mail: whose headers is unknown
    assert found[("staff", "assistant")] == "PERSON"  # the assistant's name, held as text
    assert ("staff", "supervisor") not in found  # a number: a key to another row
    assert ("export_file", "headers") not in found  # a file's column headers
    assert ("export_file", "recipients_count") not in found


_WORDS = ["name", "first", "phone", "home", "1", "2", "line", "small", "photo", "cache", "title", "mother", "x"]


@given(
    toks=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6),
    term=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=2),
)
def test_the_term_filter_never_drops_a_term_that_matches(toks: list[str], term: list[str]) -> None:
    """``_attribute`` tries only the terms ending on a word ``_possible_ends`` lists: a term that
    ``_suffix_match`` accepts always ends on one of them."""
    from rightskit.schemas.tables import _possible_ends, _suffix_match

    if _suffix_match(list(toks), tuple(term)):
        assert term[-1] in _possible_ends(tuple(toks))


def test_ids_no_database_could_hold_are_passed_over(tmp_path: Path) -> None:
    huge = "9" * 5000
    text = (
        f"CREATE TABLE pupils (pupil_id integer, custom_{huge} text, custom_7 text);\n"
        "CREATE TABLE custom_fields (id integer, type varchar(10), title text);\n"
        f"SELECT SETVAL('custom_fields_id_seq', {huge});\n"
        f"INSERT INTO custom_fields VALUES ({huge}, 'text', 'Email');\n"
        "INSERT INTO custom_fields VALUES (7, 'text', 'Mobile Phone');\n"
    )
    found = entities_by_column(tmp_path, "school.sql", text)
    assert found[("pupils", "custom_7")] == "PHONE_NUMBER"
    assert ("pupils", f"custom_{huge}") not in found
