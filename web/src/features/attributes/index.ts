// The feature's public entry. Every piece is a lazy chunk: the inbox's first load carries none of it (the bundle gate).
import { lazy } from 'react';

/** The conversation's and its contact's attributes, edited in the side panel. */
export const AttributesPanel = lazy(() => import('./components/AttributesPanel.tsx'));
/** The list's "attribute = value" filter, for the filters popover. */
export const AttributeFilter = lazy(() => import('./components/AttributeFilter.tsx'));
/** Settings → Inbox: the definitions (admin). */
export const AttributesSection = lazy(() => import('./components/AttributesSection.tsx'));
/** The variables a saved answer may use, the attributes' among them. */
export const AnswerVariablesHint = lazy(() => import('./components/AnswerVariablesHint.tsx'));
