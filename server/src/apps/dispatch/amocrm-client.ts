import type { Logger } from '../../platform/index.ts';
import type { AmocrmConnection } from './amocrm-connection.ts';
import { NeedsReauthorization, type TokenStore } from './amocrm-tokens.ts';

const requestTimeoutMs = 15_000;
const attemptsOn429 = 4;
/** A longer Retry-After is not waited out in the job: the job fails and pg-boss retries it later (nothing lost). */
const longestInlineWaitMs = 30_000;

/**
 * How long a 429 asks us to wait: its Retry-After (seconds or an HTTP date), else the documented back-off
 * of a second more each attempt (AmoCRM documents 7 requests a second and no header; Kommo's body carries
 * retry_after: 300, which is a block's length, not a request's, so only the header is honoured).
 */
export function retryDelayMs(retryAfter: string | null, attempt: number, now = Date.now()): number {
  const backOff = 1000 * attempt;
  if (!retryAfter) return backOff;
  const seconds = Number(retryAfter.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(seconds * 1000, 250);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? backOff : Math.max(date - now, 250);
}

/** AmoCRM failed in a way worth trying again later (5xx, 429 beyond our retries, the network). */
export class AmocrmUnavailable extends Error {
  override name = 'AmocrmUnavailable';
}

export interface AmocrmLead {
  id: number;
  name: string;
  status_id: number;
  pipeline_id: number;
  responsible_user_id: number;
  custom_fields_values: CustomFieldValue[] | null;
  _embedded?: { contacts?: Array<{ id: number; is_main?: boolean }> };
}

export interface CustomFieldValue {
  field_id: number;
  field_code?: string | null;
  values: Array<{ value: unknown; enum_code?: string | null }>;
}

export interface AmocrmContact {
  id: number;
  name: string;
  custom_fields_values: CustomFieldValue[] | null;
}

export function createAmocrmClient(options: {
  connection: AmocrmConnection;
  tokens: TokenStore;
  logger: Logger;
  /** Resolves when this request may go: the cluster-wide budget (amocrm-rate.ts). */
  slot: () => Promise<void>;
}) {
  const { connection, tokens, logger, slot } = options;

  async function request<T>(method: 'GET' | 'PATCH' | 'POST', path: string, body?: unknown): Promise<T | null> {
    let token = await tokens.accessToken();
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      await slot();
      const response = await fetch(`${connection.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      }).catch((error: unknown) => {
        throw new AmocrmUnavailable(`AmoCRM did not answer ${method} ${path}: ${(error as Error).message}`);
      });
      if (response.status === 204) return null;
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        token = await tokens.refresh(token);
        continue;
      }
      if (response.status === 401) throw new NeedsReauthorization(`AmoCRM refused a fresh access token on ${method} ${path}`);
      if (response.status === 429) {
        const waitMs = retryDelayMs(response.headers.get('retry-after'), attempt);
        await response.body?.cancel();
        if (attempt >= attemptsOn429 || waitMs > longestInlineWaitMs)
          throw new AmocrmUnavailable(
            `AmoCRM answered 429 to ${method} ${path} (retry after ${Math.ceil(waitMs / 1000)} s); will try again`,
          );
        logger.warn({ path, attempt, waitMs }, 'AmoCRM answered 429; waiting as it asks, then trying again');
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        continue;
      }
      if (response.status === 404) return null;
      if (response.status >= 500) throw new AmocrmUnavailable(`AmoCRM answered ${response.status} to ${method} ${path}; will try again`);
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw new Error(`AmoCRM refused ${method} ${path} (${response.status}): ${text.slice(0, 300)}`);
      }
      return (await response.json()) as T;
    }
  }

  return {
    /** The account the token opens (the settings' "test connection"). */
    getAccount: () => request<{ id: number; name: string; subdomain: string }>('GET', '/api/v4/account'),
    /** The deal with its contacts' ids; null when AmoCRM no longer has it. */
    getLead: (id: number) => request<AmocrmLead>('GET', `/api/v4/leads/${id}?with=contacts`),
    getContact: (id: number) => request<AmocrmContact>('GET', `/api/v4/contacts/${id}`),
    moveLead: (id: number, statusId: number) => request('PATCH', `/api/v4/leads/${id}`, { status_id: statusId }),
    addNote: (id: number, text: string) => request('POST', `/api/v4/leads/${id}/notes`, [{ note_type: 'common', params: { text } }]),
  };
}

export type AmocrmClient = ReturnType<typeof createAmocrmClient>;

/** The main contact's phone: the PHONE field's first value (work or mobile alike). */
export function phoneOf(contact: AmocrmContact): string | null {
  const field = contact.custom_fields_values?.find((each) => each.field_code === 'PHONE');
  const value = field?.values[0]?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** A custom field's first value as text (the address field an admin chose). */
export function fieldText(values: CustomFieldValue[] | null, fieldId: number): string | null {
  const value = values?.find((each) => each.field_id === fieldId)?.values[0]?.value;
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() || null : null;
}
