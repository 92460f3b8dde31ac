// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export {
  cachedChat,
  putChat,
  putSentMessage,
  applyServerEvent,
  patchChat,
  putMessage,
  unreadSummaryKey,
  type Handoff,
} from './api/apply-event.ts';
export { chatDisplayName } from './api/chat-cache.ts';
export {
  inboxKeys,
  sendMessage,
  markChatRead,
  fetchChat,
  fetchChats,
  fetchMessages,
  retryMessage,
  setChatStatus,
  fetchViews,
  createView,
  deleteView,
} from './api/conversations.api.ts';
export {
  messageTextLimit,
  type Chat,
  type Message,
  type Messenger,
  type ServerEvent,
  type ChatFilter,
  type Attachment,
  type ChatListParams,
  type ChatStatus,
  type SavedView,
  type SavedViewFilters,
} from './api/types.ts';
