// The feature's public entry (personal Telegram accounts): what other features may use.
export { AddPersonalAccountWizard } from './AddPersonalAccountWizard.tsx';
