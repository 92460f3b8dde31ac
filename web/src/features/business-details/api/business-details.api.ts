// The answer and request types are the API contract's (@switchboard/contract, business-details.ts).
import type { BusinessDetails, BusinessDetailsPatch } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { BusinessDetails } from '@switchboard/contract';

export const businessKey = ['settings', 'business'] as const;

export function fetchBusiness(signal?: AbortSignal): Promise<BusinessDetails> {
  return api.get<BusinessDetails>('/api/settings/business', { signal });
}

export function saveBusiness(details: BusinessDetailsPatch): Promise<BusinessDetails> {
  return api.put<BusinessDetails>('/api/settings/business', details);
}
