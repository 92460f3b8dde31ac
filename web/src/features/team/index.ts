// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { AdminsOnly } from './components/AdminsOnly.tsx';
export { ChatWorkflowBar } from './components/ChatWorkflowBar.tsx';
export { useTeammates, useLabels, useTeams } from './hooks/useTeam.ts';
