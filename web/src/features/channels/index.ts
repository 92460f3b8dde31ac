// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export {
  fillLink,
  fillWords,
  useChannelKind,
  useMessengerFamilies,
  useChannelVocabulary,
  useChannelKinds,
  useVocabularyOf,
} from './hooks/useChannelKinds.ts';
export type { ChannelKind } from './api/channel-kinds.api.ts';
export type { MessengerFamily } from './hooks/useChannelKinds.ts';
