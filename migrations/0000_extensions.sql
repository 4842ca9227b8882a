-- Trigram indexes make substring search (name, SKU, email, phone) fast on large lists.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
