// The feature's public entry (personal accounts: a person's own messenger account): what other features may use.
export { AccountHealthPanel } from './AccountHealthPanel.tsx';
export { AddPersonalAccountWizard } from './AddPersonalAccountWizard.tsx';
export { PersonalAccountRow } from './PersonalAccountRow.tsx';
export { PersonalAccountsList } from './PersonalAccountsList.tsx';
