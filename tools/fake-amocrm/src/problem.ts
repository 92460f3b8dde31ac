// AmoCRM answers errors as application/problem+json. The shapes below are the ones AmoCRM's
// developer docs ("Справочник ошибок и ответов API") and real answers quoted in
// amocrm/amocrm-api-php issues #123 and #315 show.
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

export const tooManyRequests = (): AmoProblem => httpProblem(429, 'Too Many Requests', 'Too Many Requests');

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
