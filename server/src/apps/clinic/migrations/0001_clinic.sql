-- The clinic assistant (issue 20, seed 004): branches, services, doctors, schedules, patients, appointments.

CREATE TABLE clinic_branches (
  id serial PRIMARY KEY,
  -- the clinic's own code, the key the CSV import matches on
  code text NOT NULL UNIQUE,
  name_ru text NOT NULL,
  name_kk text NOT NULL,
  address text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true
);

CREATE TABLE clinic_services (
  id serial PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES clinic_branches (id) ON DELETE CASCADE,
  code text NOT NULL,
  name_ru text NOT NULL,
  name_kk text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  -- tenge, whole
  price integer NOT NULL CHECK (price >= 0),
  is_active boolean NOT NULL DEFAULT true,
  UNIQUE (branch_id, code)
);

CREATE TABLE clinic_doctors (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  full_name text NOT NULL,
  specialty_ru text NOT NULL DEFAULT '',
  specialty_kk text NOT NULL DEFAULT '',
  is_active boolean NOT NULL DEFAULT true
);

-- which services a doctor performs (a service belongs to one branch, so this also says where)
CREATE TABLE clinic_doctor_services (
  doctor_id integer NOT NULL REFERENCES clinic_doctors (id) ON DELETE CASCADE,
  service_id integer NOT NULL REFERENCES clinic_services (id) ON DELETE CASCADE,
  PRIMARY KEY (doctor_id, service_id)
);
CREATE INDEX clinic_doctor_services_service_idx ON clinic_doctor_services (service_id);

-- A doctor's weekly hours at a branch, in clinic time; a break inside them takes no appointments.
CREATE TABLE clinic_schedules (
  id serial PRIMARY KEY,
  doctor_id integer NOT NULL REFERENCES clinic_doctors (id) ON DELETE CASCADE,
  branch_id integer NOT NULL REFERENCES clinic_branches (id) ON DELETE CASCADE,
  -- ISO weekday, 1 = Monday
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  break_start_minute smallint,
  break_end_minute smallint,
  valid_from date,
  valid_to date,
  CHECK (end_minute > start_minute),
  CHECK ((break_start_minute IS NULL) = (break_end_minute IS NULL)),
  CHECK (break_start_minute IS NULL OR (break_start_minute >= start_minute AND break_end_minute <= end_minute AND break_end_minute > break_start_minute))
);
CREATE INDEX clinic_schedules_doctor_idx ON clinic_schedules (doctor_id, weekday);

-- Days a doctor does not work (holiday, leave, sick) — the whole day, or only some hours when the minutes are set.
CREATE TABLE clinic_schedule_exceptions (
  id serial PRIMARY KEY,
  -- null: the whole clinic (a public holiday)
  doctor_id integer REFERENCES clinic_doctors (id) ON DELETE CASCADE,
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'leave', 'sick', 'other')),
  start_minute smallint,
  end_minute smallint,
  note text NOT NULL DEFAULT '',
  CHECK ((start_minute IS NULL) = (end_minute IS NULL))
);
CREATE INDEX clinic_schedule_exceptions_day_idx ON clinic_schedule_exceptions (day, doctor_id);

-- A patient is one IIN: the IIN and birth date are stored sealed (SecretBox), the IIN also as a keyed hash for lookups.
CREATE TABLE clinic_patients (
  id serial PRIMARY KEY,
  iin_hash text NOT NULL UNIQUE,
  iin_sealed text NOT NULL,
  birth_date_sealed text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  patronymic text,
  -- E.164
  phone text,
  sex text NOT NULL CHECK (sex IN ('M', 'F')),
  language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'kk')),
  tags text[] NOT NULL DEFAULT '{}',
  osms_status text NOT NULL DEFAULT 'unknown' CHECK (osms_status IN ('unknown', 'insured', 'not_insured')),
  -- the inbox contact the patient's chats are filed under
  contact_id integer,
  -- set when staff accepted an IIN that does not match the entered birth date or sex
  iin_override_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_patients_phone_idx ON clinic_patients (phone);

-- Which messenger account is which patient (seed 004's PatientTelegramLink, for any channel).
CREATE TABLE clinic_patient_chats (
  channel_id integer NOT NULL,
  external_user_id text NOT NULL,
  chat_id text NOT NULL,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, external_user_id)
);
CREATE INDEX clinic_patient_chats_patient_idx ON clinic_patient_chats (patient_id);

-- Each consent answer as given: when, which text version, through which channel. Withdrawal is a new row.
CREATE TABLE clinic_consents (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('personal_data', 'medical', 'marketing')),
  granted boolean NOT NULL,
  text_version text NOT NULL,
  channel_id integer,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_consents_patient_idx ON clinic_consents (patient_id, kind, recorded_at DESC);

-- Double booking is impossible in the database: no two live appointments of one doctor overlap.
-- (int4range over the doctor id keeps this a core-only GiST exclusion: no btree_gist extension needed, so PGlite has it too.)
CREATE TABLE clinic_appointments (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id),
  doctor_id integer NOT NULL REFERENCES clinic_doctors (id),
  branch_id integer NOT NULL REFERENCES clinic_branches (id),
  service_id integer NOT NULL REFERENCES clinic_services (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'no_show', 'cancelled')),
  cancel_reason text,
  -- bot | api | staff
  source text NOT NULL DEFAULT 'bot',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CONSTRAINT clinic_appointments_no_overlap EXCLUDE USING gist (
    int4range(doctor_id, doctor_id, '[]') WITH &&,
    tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (status <> 'cancelled')
);
CREATE INDEX clinic_appointments_doctor_idx ON clinic_appointments (doctor_id, starts_at);
CREATE INDEX clinic_appointments_patient_idx ON clinic_appointments (patient_id, starts_at DESC);
CREATE INDEX clinic_appointments_day_idx ON clinic_appointments (starts_at) WHERE status <> 'cancelled';

-- Each reminder stage at most once per appointment, whichever instance or restart sends it.
CREATE TABLE clinic_reminders (
  appointment_id integer NOT NULL REFERENCES clinic_appointments (id) ON DELETE CASCADE,
  -- d1 | h3 | h1 | arrival | nps
  stage text NOT NULL,
  -- sent, or skipped (quiet hours, cancelled)
  outcome text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (appointment_id, stage)
);

CREATE TABLE clinic_feedback (
  appointment_id integer PRIMARY KEY REFERENCES clinic_appointments (id) ON DELETE CASCADE,
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Keys the app keeps sealed with SecretBox (the IIN hash key).
CREATE TABLE clinic_keys (
  name text PRIMARY KEY,
  sealed text NOT NULL
);

-- Who did what: staff overrides, integration calls that change data.
CREATE TABLE clinic_audit (
  id serial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);

-- Integrations that call /api/bot/* (the seed's bot backend, a partner's system): each its own Bearer
-- secret (only its SHA-256 stored), so audit says which one did what and each has its own rate limit.
CREATE TABLE clinic_integrations (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  token_hash text NOT NULL UNIQUE,
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
