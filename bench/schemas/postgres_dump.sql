--
-- PostgreSQL database dump (synthetic: the municipal signals system)
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

CREATE TABLE public.citizens (
    id integer NOT NULL,
    egn character(10),
    first_name character varying(80),
    last_name character varying(80),
    date_of_birth date,
    sex character(1),
    email character varying(255),
    email_verified boolean DEFAULT false,
    phone character varying(32),
    permanent_address text,
    district character varying(64),
    created_at timestamp with time zone DEFAULT now()
);

COMMENT ON COLUMN public.citizens.sex IS 'Пол на лицето';

CREATE SEQUENCE public.citizens_id_seq AS integer START WITH 1 INCREMENT BY 1;

CREATE TABLE public.signals (
    id bigint NOT NULL,
    citizen_id integer,
    category character varying(40),
    body text,
    client_ip inet,
    lat numeric(9,6),
    lon numeric(9,6),
    status character varying(20),
    created_at timestamp with time zone
);

COMMENT ON COLUMN public.signals.body IS 'Текст на сигнала, въведен от гражданина';

CREATE TABLE public.social_assistance (
    id integer NOT NULL,
    citizen_id integer,
    disability_group smallint,
    diagnosis_code character varying(10),
    monthly_income numeric(10,2),
    ethnicity character varying(40)
);

CREATE TABLE public.bus_stops (
    stop_id integer NOT NULL,
    stop_name character varying(120),
    lat numeric(9,6),
    lon numeric(9,6),
    lines text
);

COPY public.citizens (id, egn, first_name, last_name, date_of_birth, sex, email, email_verified, phone, permanent_address, district, created_at) FROM stdin;
1	7501010010	Иван	Петров	1975-01-01	м	ivan.petrov@example.bg	t	0888123456	ул. Шипка 5	Средец	2025-01-01 10:00:00+02
\.

ALTER TABLE ONLY public.citizens ADD CONSTRAINT citizens_pkey PRIMARY KEY (id);
CREATE INDEX signals_citizen_idx ON public.signals USING btree (citizen_id);
ALTER TABLE ONLY public.signals ADD CONSTRAINT signals_citizen_fk FOREIGN KEY (citizen_id) REFERENCES public.citizens(id);
GRANT SELECT ON TABLE public.bus_stops TO PUBLIC;
