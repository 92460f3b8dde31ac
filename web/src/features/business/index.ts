import { lazy } from 'react';
// The feature's public entry (Telegram Business and other connected sub-accounts): what other features may use.
export { ReplyStatusNotice } from './components/ReplyStatusNotice.tsx';
export { businessKeys } from './api/business.api.ts';
// Settings' parts load on demand: the inbox imports this entry for the notice and must not carry them (render them
// inside a <Suspense>).
export const BusinessConnectHint = lazy(() =>
  import('./components/BusinessConnectHint.tsx').then((module) => ({ default: module.BusinessConnectHint })),
);
export const SubAccountList = lazy(() => import('./components/SubAccountList.tsx').then((module) => ({ default: module.SubAccountList })));
