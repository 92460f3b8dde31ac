// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { sessionQueryKey, signOut, type StaffUser } from './api/auth.api.ts';
export { useSession } from './hooks/useSession.ts';
