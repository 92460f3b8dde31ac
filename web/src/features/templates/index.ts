// The feature's public entry: the inbox mounts the template picker above its composer through this lazy
// component (GET /api/chats/:id/templates), so the picker is not in the inbox's bundle.
import { lazy } from 'react';

export const TemplatePicker = lazy(() => import('./components/TemplatePicker.tsx').then((module) => ({ default: module.TemplatePicker })));
