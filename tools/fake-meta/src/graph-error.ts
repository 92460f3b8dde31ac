// Graph API errors: {error:{message, type, code, error_subcode?, error_data?, fbtrace_id}}
// (developers.facebook.com Graph API error handling; WhatsApp "error codes" page; Messenger
// Platform "common error codes"). WhatsApp errors put "(#code) title" in message and the
// explanation in error_data.details.
import { randomBytes } from 'node:crypto';

export interface GraphErrorBody {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  error_data?: { messaging_product?: 'whatsapp'; details: string };
}

export class GraphError extends Error {
  readonly httpStatus: number;
  readonly body: GraphErrorBody;
  constructor(httpStatus: number, body: GraphErrorBody) {
    super(body.message);
    this.httpStatus = httpStatus;
    this.body = body;
  }

  toJson(): { error: GraphErrorBody & { fbtrace_id: string } } {
    return { error: { ...this.body, fbtrace_id: randomBytes(12).toString('base64url') } };
  }
}

export const invalidToken = (): GraphError =>
  new GraphError(401, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });

export const expiredToken = (expiredAtMs: number, nowMs: number): GraphError =>
  new GraphError(401, {
    message: `Error validating access token: Session has expired on ${new Date(expiredAtMs).toUTCString()}. The current time is ${new Date(nowMs).toUTCString()}.`,
    type: 'OAuthException',
    code: 190,
    error_subcode: 463,
  });

/** What Graph answers for an id it does not know (or the token may not see). */
export const unknownObject = (method: string, id: string): GraphError =>
  new GraphError(400, {
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'GraphMethodException',
    code: 100,
    error_subcode: 33,
  });

export const invalidParameter = (message: string): GraphError =>
  new GraphError(400, { message: `(#100) ${message}`, type: 'OAuthException', code: 100 });

/** A WhatsApp Cloud API error with its documented title and a details text. */
export const whatsappError = (code: number, title: string, details: string, httpStatus = 400): GraphError =>
  new GraphError(httpStatus, {
    message: `(#${code}) ${title}`,
    type: 'OAuthException',
    code,
    error_data: { messaging_product: 'whatsapp', details },
  });

export const RE_ENGAGEMENT_DETAILS =
  'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';

export const WHATSAPP = {
  parameterInvalid: (details: string) => whatsappError(131009, 'Parameter value is not valid', details),
  parameterMissing: (details: string) => whatsappError(131008, 'Required parameter is missing', details),
  reEngagement: () =>
    whatsappError(
      131047,
      'Re-engagement message',
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    ),
  // Meta's error table gives the throttling codes HTTP 429 (mirrored in BSP docs such as YCloud's).
  throughput: () => whatsappError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.', 429),
  pairRate: () =>
    whatsappError(
      131056,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
      429,
    ),
  templateMissing: (name: string, language: string) =>
    whatsappError(132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`, 404),
  templateParams: (component: string, given: number, expected: number) =>
    whatsappError(
      132000,
      'Number of parameters does not match the expected number of params',
      `${component}: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
    ),
  templatePaused: (name: string) => whatsappError(132015, 'Template is Paused', `Template ${name} is paused due to low quality.`),
  templateDisabled: (name: string) => whatsappError(132016, 'Template is disabled', `Template ${name} has been disabled.`),
};
