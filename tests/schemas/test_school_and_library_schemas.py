"""School and library systems' schemas as such projects write them (issue 18): camelCase names with ordinals
(``guardian2phone1``, ``languageSecond``), flags declared as ``enum('Y','N')``, kinds of a value (``phone1Type``),
families and borrowers as people, a first-aid log as health data. Written here in their style, not copied."""

from __future__ import annotations

from pathlib import Path

from tests.schemas.findings_by_column import entities_by_column

SCHOOL = """\
CREATE TABLE `schoolPerson` (
  `schoolPersonID` int(10) UNSIGNED ZEROFILL NOT NULL,
  `title` varchar(5) NOT NULL,
  `surname` varchar(60) NOT NULL DEFAULT '',
  `officialName` varchar(150) NOT NULL,
  `nameInCharacters` varchar(60) NOT NULL,
  `pupilNumber` varchar(15) DEFAULT NULL,
  `languageSecond` varchar(30) NOT NULL,
  `image_240` varchar(255) DEFAULT NULL,
  `phone1` varchar(20) NOT NULL,
  `phone1Type` enum('','Mobile','Home','Work','Fax','Pager','Other') NOT NULL DEFAULT '',
  `canLogin` enum('Y','N') NOT NULL DEFAULT 'Y',
  `passwordForceReset` enum('N','Y') NOT NULL DEFAULT 'N',
  `receiveNotificationEmails` enum('Y','N') NOT NULL DEFAULT 'Y',
  `emergency1Name` varchar(90) NOT NULL,
  `emergency1Number2` varchar(30) NOT NULL,
  `vehicleRegistration` varchar(20) NOT NULL DEFAULT '',
  `timezone` varchar(40) DEFAULT NULL,
  PRIMARY KEY (`schoolPersonID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolApplicationForm` (
  `schoolApplicationFormID` int(12) NOT NULL,
  `guardian2firstName` varchar(30) NOT NULL,
  `guardian2preferredName` varchar(30) NOT NULL,
  `siblingDOB1` date DEFAULT NULL,
  `schoolName1` varchar(50) NOT NULL,
  `schoolGrades1` varchar(20) NOT NULL,
  `guardian1title` varchar(5) NOT NULL,
  `title` varchar(60) NOT NULL,
  PRIMARY KEY (`schoolApplicationFormID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolHousehold` (
  `schoolHouseholdID` int(7) NOT NULL,
  `name` varchar(100) NOT NULL,
  PRIMARY KEY (`schoolHouseholdID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolFirstAid` (
  `schoolFirstAidID` int(10) NOT NULL,
  `schoolPersonIDPatient` int(10) NOT NULL,
  `description` text NOT NULL,
  `actionTaken` text NOT NULL,
  PRIMARY KEY (`schoolFirstAidID`)
) ENGINE=InnoDB;
CREATE TABLE `schoolEventLog` (
  `schoolEventLogID` int(16) NOT NULL,
  `schoolPersonID` int(10) DEFAULT NULL,
  `title` varchar(50) NOT NULL,
  `lang` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`schoolEventLogID`)
) ENGINE=InnoDB;
"""

LIBRARY = """\
CREATE TABLE `borrowers` (
  `borrowernumber` int(11) NOT NULL AUTO_INCREMENT,
  `surname` mediumtext DEFAULT NULL,
  `othernames` longtext DEFAULT NULL,
  `initials` mediumtext DEFAULT NULL,
  `title` longtext DEFAULT NULL,
  `smsalertnumber` varchar(50) DEFAULT NULL,
  `lang` varchar(25) NOT NULL DEFAULT 'default',
  `salt` varchar(60) DEFAULT NULL,
  PRIMARY KEY (`borrowernumber`)
) ENGINE=InnoDB;
CREATE TABLE `block_target` (
  `bt_id` int unsigned NOT NULL,
  `bt_ip_hex` tinyblob,
  `bt_user_text` varbinary(255) DEFAULT NULL,
  PRIMARY KEY (`bt_id`)
) ENGINE=InnoDB;
"""


def _by(tmp_path: Path, text: str) -> dict[tuple[str, str], str]:
    return entities_by_column(tmp_path, "schema.sql", text)


def test_camel_case_names_with_ordinals_are_read_word_by_word(tmp_path: Path) -> None:
    by = _by(tmp_path, SCHOOL)
    person = "schoolPerson"
    assert by[(person, "officialName")] == "PERSON"
    assert by[(person, "nameInCharacters")] == "PERSON"
    assert by[(person, "emergency1Name")] == "PERSON"
    assert by[(person, "emergency1Number2")] == "PHONE_NUMBER"
    assert by[(person, "phone1")] == "PHONE_NUMBER"
    assert by[(person, "languageSecond")] == "PERSON_ATTRIBUTE"
    assert by[(person, "image_240")] == "PHOTO"
    assert by[(person, "title")] == "PERSON_ATTRIBUTE"
    assert by[(person, "timezone")] == "PERSON_ATTRIBUTE"
    assert by[(person, "pupilNumber")] == "PERSON_NUMBER"
    assert by[(person, "vehicleRegistration")] == "VEHICLE_PLATE"
    assert by[("schoolApplicationForm", "guardian2firstName")] == "PERSON"
    assert by[("schoolApplicationForm", "guardian2preferredName")] == "PERSON"
    assert by[("schoolApplicationForm", "siblingDOB1")] == "DATE_OF_BIRTH"
    # a child's earlier schools; a guardian's title, though the form's own title is the form's
    assert by[("schoolApplicationForm", "schoolName1")] == "PERSON_ATTRIBUTE"
    assert by[("schoolApplicationForm", "schoolGrades1")] == "PERSON_ATTRIBUTE"
    assert by[("schoolApplicationForm", "guardian1title")] == "PERSON_ATTRIBUTE"
    assert ("schoolApplicationForm", "title") not in by


def test_flags_and_kinds_of_a_value_are_not_the_value(tmp_path: Path) -> None:
    by = _by(tmp_path, SCHOOL)
    for column in ("phone1Type", "canLogin", "passwordForceReset", "receiveNotificationEmails"):
        assert ("schoolPerson", column) not in by, column


def test_households_are_people_first_aid_is_health_a_logs_title_is_not_a_persons(tmp_path: Path) -> None:
    by = _by(tmp_path, SCHOOL)
    assert by[("schoolHousehold", "name")] == "PERSON"
    assert by[("schoolFirstAid", "description")] == "HEALTH"
    assert by[("schoolFirstAid", "actionTaken")] == "HEALTH"
    assert ("schoolEventLog", "title") not in by
    assert ("schoolEventLog", "lang") not in by


def test_a_librarys_borrowers_and_a_wikis_blocks(tmp_path: Path) -> None:
    by = _by(tmp_path, LIBRARY)
    assert by[("borrowers", "surname")] == "PERSON"
    assert by[("borrowers", "othernames")] == "PERSON"
    assert by[("borrowers", "initials")] == "PERSON"
    assert by[("borrowers", "title")] == "PERSON_ATTRIBUTE"
    assert by[("borrowers", "smsalertnumber")] == "PHONE_NUMBER"
    assert by[("borrowers", "lang")] == "PERSON_ATTRIBUTE"
    assert by[("borrowers", "salt")] == "CREDENTIAL"
    assert by[("block_target", "bt_ip_hex")] == "IP_ADDRESS"  # an address packed into bytes
    assert by[("block_target", "bt_user_text")] == "USERNAME"


SOCIAL = """\
CREATE TABLE IF NOT EXISTS `fedcontact` (
  `id` int unsigned NOT NULL auto_increment,
  `name` varchar(255) NOT NULL DEFAULT '',
  `url` varbinary(383) NOT NULL DEFAULT '',
  `xmpp` varchar(255) NOT NULL DEFAULT '',
  `matrix` varchar(255) NOT NULL DEFAULT '',
  `photo` varbinary(383) DEFAULT '',
  `thumb` varbinary(383) DEFAULT '',
  `prvkey` text COMMENT '',
  PRIMARY KEY(`id`)
) DEFAULT COLLATE utf8mb4_general_ci;
CREATE TABLE IF NOT EXISTS `letter` (
  `id` int unsigned NOT NULL auto_increment,
  `uid` mediumint unsigned NOT NULL DEFAULT 0,
  `author-id` int unsigned COMMENT 'the sender',
  `from-name` varchar(255) NOT NULL DEFAULT '' COMMENT 'name of the sender',
  `from-photo` varbinary(383) NOT NULL DEFAULT '',
  PRIMARY KEY(`id`)
) DEFAULT COLLATE utf8mb4_general_ci;
CREATE TABLE IF NOT EXISTS `chatserver` (
  `id` int unsigned NOT NULL auto_increment,
  `url` varbinary(383) NOT NULL DEFAULT '',
  `xmppDomain` varchar(255) NOT NULL DEFAULT '',
  `matrix` varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY(`id`)
) DEFAULT COLLATE utf8mb4_general_ci;
"""


def test_a_social_networks_contacts_are_people_with_handles_pictures_and_keys(tmp_path: Path) -> None:
    by = _by(tmp_path, SOCIAL)
    assert by[("fedcontact", "name")] == "PERSON"  # "contact" glued to a prefix still names people
    assert by[("fedcontact", "url")] == "URL"
    assert by[("fedcontact", "xmpp")] == "USERNAME"
    assert by[("fedcontact", "matrix")] == "USERNAME"
    assert by[("fedcontact", "photo")] == "PHOTO"
    assert by[("fedcontact", "thumb")] == "PHOTO"
    assert by[("fedcontact", "prvkey")] == "CREDENTIAL"
    assert by[("letter", "from-photo")] == "PHOTO"
    # a server's address and chat domain are nobody's
    assert not any(obj == "chatserver" for obj, _ in by)
