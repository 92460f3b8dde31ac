// The feature's public entry: the page is lazy-loaded by app/router.tsx straight from its component file;
// the inbox shows scheduled messages above its composer through this lazy component (not in its bundle).
import { lazy } from 'react';

export { broadcastsKey } from './api/broadcasts.api.ts';
export const ScheduledMessages = lazy(() =>
  import('./components/ScheduledMessages.tsx').then((module) => ({ default: module.ScheduledMessages })),
);
