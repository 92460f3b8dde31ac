-- Segments by age (issue 22): the birth date stays sealed; its year, which lists already show unmasked (audit.ts
-- maskBirthDate), is kept in the clear so that an age condition over every patient is one indexed comparison
-- instead of unsealing each birth date. Patients written before this are filled in at start (segments.ts).
ALTER TABLE clinic_patients ADD COLUMN birth_year smallint;
CREATE INDEX clinic_patients_contact_idx ON clinic_patients (contact_id) WHERE contact_id IS NOT NULL;
-- Visits (completed appointments) by patient: the count and the last one per patient without reading other statuses.
CREATE INDEX clinic_appointments_completed_idx ON clinic_appointments (patient_id, starts_at DESC) WHERE status = 'completed';
