// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export type { ContactProfile } from './api/contacts.api.ts';
export { ContactNotesEditor } from './components/ContactNotesEditor.tsx';
export { MessengerButtons } from './components/MessengerButtons.tsx';
export { ProfileNameNote } from './components/ProfileNameNote.tsx';
export { useContact } from './hooks/useContacts.ts';
export { registerContactExtension, type ContactExtension, type ContactMark } from './contact-extensions.ts';
