-- Issue 20's remainder: the waitlist, and a hold on a freed slot while its offer is open.

-- A hold is an appointment row in status 'held': the exclusion constraint (which ignores only cancelled rows)
-- keeps everybody else off the slot while the waiting patient decides; taking it turns the row 'booked'.
ALTER TABLE clinic_appointments DROP CONSTRAINT clinic_appointments_status_check;
ALTER TABLE clinic_appointments ADD CONSTRAINT clinic_appointments_status_check
  CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'no_show', 'cancelled', 'held'));

-- Patients who asked for a slot that was not free: a service, optionally a doctor and a day.
-- waiting → offered (hold_appointment_id, hold_until) → booked | declined | expired; or withdrawn.
CREATE TABLE clinic_waitlist (
  id serial PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES clinic_patients (id) ON DELETE CASCADE,
  service_id integer NOT NULL REFERENCES clinic_services (id),
  doctor_id integer REFERENCES clinic_doctors (id),
  -- the clinic-time day asked for; null: the earliest slot
  day date,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'declined', 'expired', 'withdrawn')),
  hold_appointment_id integer REFERENCES clinic_appointments (id),
  hold_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX clinic_waitlist_waiting_idx ON clinic_waitlist (service_id, created_at) WHERE status = 'waiting';
CREATE INDEX clinic_waitlist_offered_idx ON clinic_waitlist (hold_until) WHERE status = 'offered';
-- One open entry per patient and request.
CREATE UNIQUE INDEX clinic_waitlist_open_idx ON clinic_waitlist (patient_id, service_id, coalesce(doctor_id, 0), coalesce(day, '2000-01-01'))
  WHERE status IN ('waiting', 'offered');
