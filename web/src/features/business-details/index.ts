// The feature's public entry (the business's details every document prints): what other features may use.
export { BusinessDetailsForm } from './components/BusinessDetailsForm.tsx';
export { saveBusiness } from './api/business-details.api.ts';
