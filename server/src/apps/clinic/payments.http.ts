// What the payment routes share: access, schemas, and PaymentRefused → its HTTP answer.
import { clinicInvoiceFields, clinicMinor, clinicRecordId } from '@switchboard/contract';
import { HttpError } from '../../platform/index.ts';
import { PaymentRefused } from './payment-errors.ts';

export const reception = { access: { roles: ['reception', 'operator'] } } as const;
export const tags = ['clinic payments'];
export const id = clinicRecordId;
export const minor = clinicMinor;
export const invoiceInput = clinicInvoiceFields;

/** PaymentRefused → the HTTP answer it stands for. */
export async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PaymentRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}
