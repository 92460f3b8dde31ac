import type { ErrorCode } from '@switchboard/contract/errors';

export type { ErrorCode };

/** An error the HTTP layer turns into `{ error: { code, message } }` with its status; codes are listed in the contract. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: ErrorCode;
  constructor(statusCode: number, code: ErrorCode, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const badRequest = (message: string, code: ErrorCode = 'bad_request') => new HttpError(400, code, message);
export const unauthorized = (message = 'Sign in first: send the session cookie or an Authorization: Token <token> header.') =>
  new HttpError(401, 'not_authenticated', message);
export const forbidden = (message = 'Your role does not allow this action.') => new HttpError(403, 'forbidden', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} does not exist.`);
export const conflict = (message: string, code: ErrorCode = 'conflict') => new HttpError(409, code, message);
export const unprocessable = (message: string, code: ErrorCode = 'invalid_input') => new HttpError(422, code, message);
