from __future__ import annotations

import random

import pytest

from tests.helpers import Gen
from tests.pgserver import PostgresServer

ROWS = 3000

# (table, column) → entity type, or None for not personal: the ground truth for the seeded database.
LABELS: dict[tuple[str, str], str | None] = {
    ("public.citizens", "id"): None, ("public.citizens", "egn"): "BG_EGN", ("public.citizens", "full_name"): "PERSON",
    ("public.citizens", "email"): "EMAIL_ADDRESS", ("public.citizens", "phone"): "PHONE_NUMBER",
    ("public.citizens", "born"): "DATE_OF_BIRTH", ("public.citizens", "sex"): "GENDER",
    ("public.citizens", "district"): "LOCATION",
    ("public.signals", "id"): None, ("public.signals", "citizen_id"): None, ("public.signals", "body"): "PHONE_NUMBER",
    ("public.signals", "status"): None, ("public.signals", "created_at"): None,
    ("public.social_assistance", "citizen_id"): None, ("public.social_assistance", "diagnosis"): "HEALTH",
    ("public.social_assistance", "ethnicity"): "ETHNIC_ORIGIN", ("public.social_assistance", "amount"): None,
    ("public.employees", "full_name"): "PERSON", ("public.employees", "iban"): "IBAN_CODE",
    ("public.employees", "salary"): "SALARY", ("public.employees", "department"): None,
    ("public.visitors", "lnch"): "BG_LNCH", ("public.visitors", "nationality"): "NATIONALITY",
    ("public.visitors", "room"): None,
    ("public.app_users", "username"): "USERNAME", ("public.app_users", "password_hash"): "PASSWORD",
    ("public.app_users", "last_ip"): "IP_ADDRESS", ("public.app_users", "theme"): None,
    ("public.bus_stops", "stop_id"): None, ("public.bus_stops", "stop_name"): None, ("public.bus_stops", "lat"): None,
    ("public.bus_stops", "lon"): None,
    ("public.products", "sku"): None, ("public.products", "serial_no"): None, ("public.products", "price"): None,
    ("public.sensor_readings", "sensor"): None, ("public.sensor_readings", "measured_at"): None,
    ("public.sensor_readings", "pm10"): None,
    ("public.invoices", "invoice_no"): None, ("public.invoices", "company_eik"): None, ("public.invoices", "total"): None,
    ("registry.empty_register", "egn"): "BG_EGN", ("registry.empty_register", "note"): None,
    ("public.v_contacts", "full_name"): "PERSON", ("public.v_contacts", "email"): "EMAIL_ADDRESS",
}  # fmt: skip


def _seed(conn) -> None:
    g = Gen(42)
    rng = random.Random(42)
    ddl = """
    CREATE TABLE citizens (id serial PRIMARY KEY, egn char(10), full_name text, email text, phone text, born date,
                           sex text, district text);
    CREATE TABLE signals (id serial PRIMARY KEY, citizen_id int, body text, status text, created_at timestamptz);
    CREATE TABLE social_assistance (citizen_id int, diagnosis text, ethnicity text, amount numeric(8,2));
    CREATE TABLE employees (full_name text, iban text, salary numeric(9,2), department text);
    CREATE TABLE visitors (lnch text, nationality text, room int);
    CREATE TABLE app_users (username text, password_hash text, last_ip inet, theme text);
    CREATE TABLE bus_stops (stop_id int, stop_name text, lat numeric(9,6), lon numeric(9,6));
    CREATE TABLE products (sku text, serial_no text, price numeric(8,2));
    CREATE TABLE sensor_readings (sensor text, measured_at timestamptz, pm10 numeric(6,1));
    CREATE TABLE invoices (invoice_no text, company_eik text, total numeric(10,2));
    CREATE SCHEMA registry;
    CREATE TABLE registry.empty_register (egn char(10), note text);
    COMMENT ON COLUMN registry.empty_register.egn IS 'ЕГН на лицето';
    CREATE VIEW v_contacts AS SELECT full_name, email FROM citizens;
    CREATE ROLE auditor LOGIN PASSWORD 'Auditor-Pw-9';
    GRANT SELECT ON bus_stops, products TO auditor;
    """
    conn.execute(ddl)
    with conn.cursor() as cur:
        with cur.copy("COPY citizens (egn, full_name, email, phone, born, sex, district) FROM STDIN") as copy:
            for _ in range(ROWS):
                copy.write_row((g.egn(), g.name(), g.email(), g.phone(), f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                                rng.choice(["м", "ж"]), rng.choice(["Лозенец", "Младост", "Люлин", "Изгрев"])))  # fmt: skip
        with cur.copy("COPY signals (citizen_id, body, status, created_at) FROM STDIN") as copy:
            for i in range(ROWS):
                body = f"Моля обадете се на {g.phone()} за справка" if i % 3 == 0 else "Дупка на пътя пред блока"
                copy.write_row((i + 1, body, rng.choice(["open", "closed"]), "2025-05-01 10:00:00+03"))
        with cur.copy("COPY social_assistance FROM STDIN") as copy:
            for i in range(ROWS):
                copy.write_row(
                    (i + 1, rng.choice(["J45", "E11", "I10"]), rng.choice(["a", "b", "c"]), rng.randint(10, 900))
                )
        with cur.copy("COPY employees FROM STDIN") as copy:
            for _ in range(500):
                copy.write_row((g.name(), g.iban(), rng.randint(1000, 5000), rng.choice(["ГРАО", "ИТ"])))
        with cur.copy("COPY visitors FROM STDIN") as copy:
            for _ in range(500):
                copy.write_row(
                    (rng.choice(["1001000004", "3824214480"]), rng.choice(["DE", "RO"]), rng.randint(100, 400))
                )
        with cur.copy("COPY app_users FROM STDIN") as copy:
            for i in range(300):
                copy.write_row((f"user{i}", "$2b$12$" + "x" * 53, f"10.0.{i % 250}.{i % 200 + 1}", "dark"))
        with cur.copy("COPY bus_stops FROM STDIN") as copy:
            for i in range(300):
                copy.write_row(
                    (
                        i,
                        rng.choice(["Христо Ботев", "Сердика", "НДК"]),
                        42.6 + rng.random() / 10,
                        23.3 + rng.random() / 10,
                    )
                )
        with cur.copy("COPY products FROM STDIN") as copy:
            for _ in range(ROWS):
                copy.write_row((f"PRD-{rng.randint(1000, 9999)}", g.serial(), rng.randint(1, 500)))
        with cur.copy("COPY sensor_readings FROM STDIN") as copy:
            for _ in range(ROWS):
                copy.write_row((f"sensor-{rng.randint(1, 90)}", "2025-05-01 10:00:00+03", rng.randint(5, 90)))
        with cur.copy("COPY invoices FROM STDIN") as copy:
            for i in range(ROWS):
                copy.write_row((f"{i:09d}", "121234567", rng.randint(10, 9000)))
    conn.execute("ANALYZE")


@pytest.fixture(scope="session")
def pg():
    server = PostgresServer().start()
    try:
        with server.connect() as conn:
            _seed(conn)
        yield server
    finally:
        server.stop()
