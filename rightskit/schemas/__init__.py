"""Schemas and SQL: DDL in many dialects, JSON Schema / OpenAPI / Table Schema, query lineage. No data read."""
