// What the payment routes share: access, schemas, and PaymentRefused → its HTTP answer.
import { z } from 'zod';
import { HttpError } from '../../platform/index.ts';
import { PaymentRefused } from './payment-errors.ts';

export const reception = { access: { roles: ['reception', 'operator'] } } as const;
export const tags = ['clinic payments'];
export const id = z.coerce.number().int().positive().max(2_147_483_647);
export const minor = z.number().int().positive().max(100_000_000_000);
export const invoiceInput = {
  appointment_id: id.optional(),
  service_id: id.optional(),
  amount_minor: minor.optional().meta({ description: 'In tiyn (1 ₸ = 100); defaults to the service price.' }),
  description: z.string().trim().min(1).max(200).optional(),
};

/** PaymentRefused → the HTTP answer it stands for. */
export async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PaymentRefused) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}
