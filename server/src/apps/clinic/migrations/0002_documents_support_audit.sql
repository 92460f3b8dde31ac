-- The clinic assistant, part 2 (issue 21): documents and their links, FAQ, support tickets, privacy requests,
-- and audit rows that say from where (IP) and about which patient.

-- A document of a patient: uploaded by staff or generated from a template. The file lives in the app's
-- files (FilesPort); file_id is cleared when retention or a deletion removed it.
CREATE TABLE clinic_documents (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('visit_summary', 'lab_result', 'certificate', 'invoice', 'other')),
  title text NOT NULL,
  file_id text,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  -- upload | template
  source text NOT NULL,
  template text,
  -- who made it: staff:<id> | integration:<id>
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX clinic_documents_patient_idx ON clinic_documents (patient_id, type, created_at DESC);

-- A download link of a document: a random token (only its SHA-256 stored), 48 hours, revocable by staff.
-- The row stays until the cleanup job, so an expired or revoked link still answers in the patient's language.
CREATE TABLE clinic_document_links (
  id serial PRIMARY KEY,
  document_id integer NOT NULL REFERENCES clinic_documents (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  language text NOT NULL CHECK (language IN ('ru', 'kk')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX clinic_document_links_document_idx ON clinic_document_links (document_id);
CREATE INDEX clinic_document_links_expires_idx ON clinic_document_links (expires_at);

-- The FAQ: categories and questions in Russian, Kazakh and English, in staff's order.
CREATE TABLE clinic_faq_categories (
  id serial PRIMARY KEY,
  title_ru text NOT NULL,
  title_kk text NOT NULL,
  title_en text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0
);

CREATE TABLE clinic_faq (
  id serial PRIMARY KEY,
  category_id integer NOT NULL REFERENCES clinic_faq_categories (id) ON DELETE CASCADE,
  question_ru text NOT NULL,
  question_kk text NOT NULL,
  question_en text NOT NULL DEFAULT '',
  answer_ru text NOT NULL,
  answer_kk text NOT NULL,
  answer_en text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_faq_category_idx ON clinic_faq (category_id, position);

-- "Ask a person" (seed 004's SupportTicket): from the bot or an integration; the conversation it sits in.
CREATE TABLE clinic_support_tickets (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  conversation_id integer,
  text text NOT NULL DEFAULT '',
  -- bot | api
  source text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz
);
CREATE INDEX clinic_support_tickets_patient_idx ON clinic_support_tickets (patient_id, created_at DESC);

-- A patient's request for a copy of their data or its deletion: a task for admins, due by a date.
CREATE TABLE clinic_privacy_requests (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('copy', 'deletion')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'rejected')),
  created_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by integer,
  note text NOT NULL DEFAULT ''
);
-- one open request of a kind per patient: pressing twice does not make two tasks
CREATE UNIQUE INDEX clinic_privacy_requests_open_idx ON clinic_privacy_requests (patient_id, kind) WHERE status = 'open';

-- Audit: who (actor + a readable name), about which patient, from where.
ALTER TABLE clinic_audit ADD COLUMN actor_name text NOT NULL DEFAULT '';
ALTER TABLE clinic_audit ADD COLUMN patient_id integer;
ALTER TABLE clinic_audit ADD COLUMN ip text;
CREATE INDEX clinic_audit_at_idx ON clinic_audit (at DESC, id DESC);
CREATE INDEX clinic_audit_patient_idx ON clinic_audit (patient_id, at DESC);
