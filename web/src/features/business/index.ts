// The feature's public entry (Telegram Business and other connected sub-accounts): what other features may use.
export { BusinessConnectHint } from './components/BusinessConnectHint.tsx';
export { ReplyStatusNotice } from './components/ReplyStatusNotice.tsx';
export { SubAccountList } from './components/SubAccountList.tsx';
