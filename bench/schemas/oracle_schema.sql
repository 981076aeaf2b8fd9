CREATE TABLE registry_persons (
  person_id NUMBER(10) PRIMARY KEY,
  lnch VARCHAR2(10),
  passport_no VARCHAR2(9),
  nationality VARCHAR2(2),
  criminal_record VARCHAR2(400),
  registered_on DATE
);
