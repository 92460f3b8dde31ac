// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
import { lazy } from 'react';
export type { ContactProfile } from './api/contacts.api.ts';
// Tags (a TagsInput with its pills) and notes: loaded when the contact panel shows them, not with the inbox (the bundle gate).
export const ContactNotesEditor = lazy(() =>
  import('./components/ContactNotesEditor.tsx').then((module) => ({ default: module.ContactNotesEditor })),
);
export { MessengerButtons } from './components/MessengerButtons.tsx';
export { ProfileNameNote } from './components/ProfileNameNote.tsx';
export { useContact } from './hooks/useContacts.ts';
export { registerContactExtension, type ContactExtension, type ContactMark } from './contact-extensions.ts';
