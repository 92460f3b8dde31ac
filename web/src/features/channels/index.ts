// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { useChannelKind, useChannelVocabulary, useChannelKinds } from './hooks/useChannelKinds.ts';
export { ConnectedAccounts } from './components/ConnectedAccounts.tsx';
