// Message templates: synced from the Graph API (GET /{waba_id}/message_templates, paged) into the module's
// table, listed for operators in the neutral shape (channel.ts MessageTemplate), and turned into the Cloud
// API's `template` object with its components when one is sent. Only APPROVED ones can be sent (Meta
// answers 132001 for the others).
import type { Db } from '../../platform/index.ts';
import type { MessageTemplate, TemplateSend } from '../channel.ts';
import type { GraphClient } from '../meta/index.ts';
import type { WhatsAppCredentials } from './profile.ts';
import { whatsappTables } from './tables.ts';

type Component = Record<string, unknown>;

interface GraphTemplate {
  name?: string;
  language?: string;
  category?: string;
  status?: string;
  components?: Component[];
}

interface TemplatePage {
  data?: GraphTemplate[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** Meta's own limit on a page is 100; a WABA with more is read page by page. */
const pageSize = 100;
/** A runaway `next` chain (a broken fake or proxy) stops here instead of looping. */
const maxPages = 50;

/** How many distinct {{n}} a text takes. */
export function placeholderCount(text: string | null | undefined): number {
  return text ? new Set(text.match(/\{\{\s*\w+\s*\}\}/g)?.map((match) => match.replace(/\s/g, '')) ?? []).size : 0;
}

function part(components: Component[], type: string): Component | undefined {
  return components.find((component) => String(component.type).toUpperCase() === type);
}

export function toMessageTemplate(row: {
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown;
  synced_at: Date;
}): MessageTemplate {
  const components = (typeof row.components === 'string' ? JSON.parse(row.components) : row.components) as Component[];
  const header = part(components, 'HEADER');
  const format = header ? String(header.format ?? 'TEXT').toUpperCase() : null;
  const headerText = format === 'TEXT' && typeof header?.text === 'string' ? header.text : null;
  const body = part(components, 'BODY');
  const footer = part(components, 'FOOTER');
  const bodyText = typeof body?.text === 'string' ? body.text : '';
  return {
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    header: header ? { format: format!, text: headerText } : null,
    body: bodyText,
    footer: typeof footer?.text === 'string' ? footer.text : null,
    variables: { header: placeholderCount(headerText), body: placeholderCount(bodyText) },
    syncedAt: new Date(row.synced_at),
  };
}

/** The Cloud API's `template` object: text parameters for the header and the body, in order. */
export function templateObject(send: TemplateSend): Record<string, unknown> {
  const components: Component[] = [];
  if (send.variables.header.length)
    components.push({ type: 'header', parameters: send.variables.header.map((text) => ({ type: 'text', text })) });
  if (send.variables.body.length)
    components.push({ type: 'body', parameters: send.variables.body.map((text) => ({ type: 'text', text })) });
  // Quick-reply buttons carry our payload per send; Meta hands it back in the press (`button.payload`).
  send.buttons?.forEach((payload, index) =>
    components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] }),
  );
  return { name: send.name, language: { code: send.language }, ...(components.length ? { components } : {}) };
}

/** How many quick-reply buttons the template has (they come first in Meta's BUTTONS component when mixed). */
export function quickReplyCount(components: unknown): number {
  const parsed = (typeof components === 'string' ? JSON.parse(components) : components) as Component[];
  const buttons = part(parsed, 'BUTTONS')?.buttons;
  return Array.isArray(buttons) ? buttons.filter((button) => String((button as Component).type).toUpperCase() === 'QUICK_REPLY').length : 0;
}

export type TemplateStore = ReturnType<typeof createTemplateStore>;

export function createTemplateStore(options: { db: Db; graph: GraphClient; now?: () => Date }) {
  const db = whatsappTables(options.db);
  const now = options.now ?? (() => new Date());
  // One sync per number at a time, in call order: a sync started earlier (the one on connecting, the hourly job)
  // never finishes after a later one and puts back what Meta said before.
  const running = new Map<number, Promise<unknown>>();
  function serially<T>(channelId: number, task: () => Promise<T>): Promise<T> {
    const result = (running.get(channelId) ?? Promise.resolve()).catch(() => undefined).then(task);
    const settled = result.catch(() => undefined);
    running.set(channelId, settled);
    void settled.then(() => {
      if (running.get(channelId) === settled) running.delete(channelId);
    });
    return result;
  }
  return {
    async list(channelId: number): Promise<MessageTemplate[]> {
      const rows = await db
        .selectFrom('whatsapp_templates')
        .selectAll()
        .where('channel_id', '=', channelId)
        .orderBy('name')
        .orderBy('language')
        .execute();
      return rows.map(toMessageTemplate);
    },

    /** One synced template by name and language, with its quick-reply button count; undefined when not synced. */
    async find(channelId: number, name: string, language: string) {
      const row = await db
        .selectFrom('whatsapp_templates')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('name', '=', name)
        .where('language', '=', language)
        .executeTakeFirst();
      return row && { ...toMessageTemplate(row), quickReplies: quickReplyCount(row.components) };
    },

    /** Reads every page first, then replaces the number's rows in one transaction: a failed sync changes nothing. */
    sync(channelId: number, credentials: WhatsAppCredentials): Promise<{ count: number }> {
      return serially(channelId, () => fetchAndStore(channelId, credentials));
    },
  };

  async function fetchAndStore(channelId: number, credentials: WhatsAppCredentials): Promise<{ count: number }> {
    const fetched: GraphTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const answer = await options.graph.get<TemplatePage>(`${credentials.waba_id}/message_templates`, credentials.access_token, {
        fields: 'name,language,category,status,components',
        limit: String(pageSize),
        ...(after ? { after } : {}),
      });
      fetched.push(...(answer.data ?? []));
      after = answer.paging?.cursors?.after;
      if (!answer.paging?.next || !after) break;
    }
    const syncedAt = now();
    const rows = new Map<string, { name: string; language: string; category: string; status: string; components: string }>();
    for (const template of fetched) {
      if (!template.name || !template.language) continue;
      rows.set(`${template.name}\u0000${template.language}`, {
        name: template.name,
        language: template.language,
        category: template.category ?? 'UTILITY',
        status: template.status ?? 'PENDING',
        components: JSON.stringify(template.components ?? []),
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('whatsapp_templates').where('channel_id', '=', channelId).execute();
      if (rows.size)
        await trx
          .insertInto('whatsapp_templates')
          .values([...rows.values()].map((row) => ({ ...row, channel_id: channelId, synced_at: syncedAt })))
          .execute();
    });
    return { count: rows.size };
  }
}
