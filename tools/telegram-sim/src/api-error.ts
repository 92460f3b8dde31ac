export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/** A Bot API failure: becomes {"ok":false,"error_code","description"} with HTTP status = error_code. */
export class BotApiError extends Error {
  readonly code: number;
  readonly parameters: ResponseParameters | undefined;

  constructor(code: number, description: string, parameters?: ResponseParameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}

export const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): BotApiError => new BotApiError(403, `Forbidden: ${what}`);
export const tooManyRequests = (retryAfter: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** Thrown by the control surface for test mistakes (unknown user, not a member…). */
export class ControlError extends Error {}
