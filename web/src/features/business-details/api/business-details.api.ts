import { api } from '../../../lib/api.ts';

/** The business's details every document prints (server: platform/business.ts). */
export interface BusinessDetails {
  name: string;
  tax_number: string;
  address: string;
  bank_name: string;
  bank_code: string;
  account: string;
  /** A PNG or JPEG data URL, or null. */
  logo: string | null;
}

export const businessKey = ['settings', 'business'] as const;

export function fetchBusiness(signal?: AbortSignal): Promise<BusinessDetails> {
  return api.get<BusinessDetails>('/api/settings/business', { signal });
}

export function saveBusiness(details: Partial<BusinessDetails>): Promise<BusinessDetails> {
  return api.put<BusinessDetails>('/api/settings/business', details);
}
