// The feature's public entry (WhatsApp Business numbers): what other features may use.
export { AddWhatsAppDialog } from './AddWhatsAppDialog.tsx';
export { ConnectedAccounts } from './ConnectedAccounts.tsx';
