-- Payments and balance (issue 21): invoices in KZT tiyn, their history, provider callbacks seen (for
-- idempotency) and refunds.
CREATE SEQUENCE clinic_invoice_number_seq;
CREATE TABLE clinic_invoices (
  id serial PRIMARY KEY,
  number text NOT NULL UNIQUE DEFAULT ('CL-' || lpad(nextval('clinic_invoice_number_seq')::text, 6, '0')),
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  appointment_id integer REFERENCES clinic_appointments (id) ON DELETE SET NULL,
  service_id integer REFERENCES clinic_services (id) ON DELETE SET NULL,
  description text NOT NULL,
  -- ISO 4217; the clinic bills in KZT
  currency text NOT NULL DEFAULT 'KZT',
  -- in minor units (tiyn), like the tickets app's invoices
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed', 'refunded', 'expired')),
  -- staff | booking | api
  source text NOT NULL,
  -- how it was paid: the bot's own payments ('bot') or a provider's link ('link')
  method text CHECK (method IN ('bot', 'link')),
  provider text,
  provider_payment_id text,
  payment_url text,
  -- the bot platform's charge id and the payment provider's, as the successful payment carries them
  charge_id text,
  provider_charge_id text,
  refunded_minor bigint NOT NULL DEFAULT 0,
  -- what a fiscal receipt needs, kept when the invoice is paid
  receipt jsonb,
  created_by integer,
  expires_at timestamptz NOT NULL,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_invoices_patient_idx ON clinic_invoices (patient_id, id DESC);
CREATE INDEX clinic_invoices_pending_idx ON clinic_invoices (expires_at) WHERE status = 'pending';
CREATE UNIQUE INDEX clinic_invoices_provider_payment_key ON clinic_invoices (provider, provider_payment_id);

-- Every status change, with who made it (staff:<id>, integration:<id>, patient, provider:<kind>, job).
CREATE TABLE clinic_invoice_events (
  id serial PRIMARY KEY,
  invoice_id integer NOT NULL REFERENCES clinic_invoices (id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_invoice_events_invoice_idx ON clinic_invoice_events (invoice_id, id);

-- Provider callbacks already applied: the same event id twice changes nothing.
CREATE TABLE clinic_payment_callbacks (
  provider text NOT NULL,
  event_id text NOT NULL,
  invoice_id integer REFERENCES clinic_invoices (id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, event_id)
);

CREATE TABLE clinic_refunds (
  id serial PRIMARY KEY,
  invoice_id integer NOT NULL REFERENCES clinic_invoices (id) ON DELETE CASCADE,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  provider_refund_id text,
  reason text NOT NULL DEFAULT '',
  created_by integer,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clinic_refunds_invoice_idx ON clinic_refunds (invoice_id);
