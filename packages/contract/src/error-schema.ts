// The error shape as a zod schema, for routes that document their error answers in OpenAPI.
import { z } from 'zod';
import { errorCodes } from './errors.ts';

export const errorResponse = z.object({ error: z.object({ code: z.enum(errorCodes), message: z.string() }) });
