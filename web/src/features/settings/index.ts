import { lazy } from 'react';
// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { useAccounts } from './hooks/useAccounts.ts';
export { useEnabledMessengers } from './hooks/useMessengers.ts';
// Loaded on demand: its form inputs must not ride along with everything that imports this entry (the inbox does).
export const AppSettingsForms = lazy(() =>
  import('./components/AppSettingsForms.tsx').then((module) => ({ default: module.AppSettingsForms })),
);
