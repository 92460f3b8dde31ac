// AmoCRM answers errors as application/problem+json. The shapes below are the ones AmoCRM's
// developer docs ("Справочник ошибок и ответов API"), Kommo's "HTTP status code" page and real
// answers quoted in amocrm/amocrm-api-php issues #92, #123 and #315 show.
import { randomUUID } from 'node:crypto';

export class AmoProblem extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.detail ?? body.title ?? status));
    this.status = status;
    this.body = body;
  }
}

export const httpProblem = (status: number, title: string, detail: string): AmoProblem =>
  new AmoProblem(status, { title, type: `https://httpstatus.es/${status}`, status, detail });

export const unauthorized = (): AmoProblem => httpProblem(401, 'Unauthorized', 'Unauthorized');

/** Kommo's documented 429 body, retry_after included (its example says 300 seconds). */
export const tooManyRequests = (retryAfterSeconds: number): AmoProblem =>
  new AmoProblem(429, {
    title: 'Too Many Requests',
    type: 'https://httpstatus.es/429',
    status: 429,
    detail: 'You have sent too many requests in a given amount of time. Please try again later.',
    retry_after: retryAfterSeconds,
  });

/** The bodies an injected status fault answers with, as documented for each status. */
export function statusProblem(status: number): AmoProblem {
  switch (status) {
    case 402:
      return httpProblem(402, 'Payment Required', 'Payment required');
    case 403:
      return httpProblem(403, 'Forbidden', 'Forbidden');
    case 500:
      return new AmoProblem(500, {
        title: 'ErrInternalServer',
        status: 500,
        detail: 'Our team are probably already working on the elimination of the problem',
        trace_id: randomUUID(),
      });
    default:
      return httpProblem(status, 'Error', `HTTP ${status}`);
  }
}

/** The token endpoint's errors: AmoCRM wraps league/oauth2-server's hint in its own problem body. */
export const oauthProblem = (status: 400 | 401, hint: string): AmoProblem =>
  new AmoProblem(status, {
    hint,
    title: 'Некорректный запрос',
    type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
    status,
    detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
  });

export interface ValidationError {
  code: string;
  path: string;
  detail: string;
}

export const validationProblem = (requestId: string, errors: ValidationError[]): AmoProblem =>
  new AmoProblem(400, {
    'validation-errors': [{ request_id: requestId, errors }],
    title: 'Bad Request',
    type: 'https://httpstatus.es/400',
    status: 400,
    detail: 'Request validation failed',
  });
