// The feature's public entry (Instagram professional accounts) and the shared connect form: what other features may use.
export { AddInstagramAccount, AddInstagramDialog } from './AddInstagramDialog.tsx';
export { ConnectAccountDialog, type ConnectAccountForm } from './ConnectAccountDialog.tsx';
