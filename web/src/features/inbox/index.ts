// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { ConnectionNotice } from './components/ConnectionNotice.tsx';
export { RealtimeProvider } from './components/RealtimeProvider.tsx';
export { messageLink } from './hooks/useScrollToMessage.ts';
export { useUnreadTitle } from './hooks/useUnreadTitle.ts';
export { SavedViewsNav } from './components/SavedViewsNav.tsx';
