// Fits neutral replies to what a channel declares it can show, in one place
// for every channel: a channel module only declares InteractionCapabilities.
// The rule, in order: buttons when they all fit; a list when it fits; pages
// of buttons or list rows with "‹ ›" when a page holds at least three; else
// numbered text answered with a number. Titles too long are shortened with
// "…". Nothing is dropped silently: every change is named in `problems`.
import type { FlowReply, InteractionCapabilities, ListRow, RenderedButton, RenderedReply, TextFormat } from './flows.ts';

/** A menu as sent, kept server-side: long payloads, pages and numbered answers are resolved from it. */
export interface StoredMenu {
  key: string;
  layout: 'buttons' | 'list' | 'numbered';
  text: string;
  format: TextFormat;
  choices: ListRow[];
  /** Rows as the app laid them out (choice indexes), for menus that fit on one page. */
  rows: number[][];
  language: HintLanguage;
}

export type HintLanguage = 'ru' | 'kk' | 'en';

export interface FitContext {
  newKey(): string;
  language: HintLanguage;
  /** The message of the conversation's last menu, for `edit_menu`. */
  lastMenuMessageId?: string;
}

export interface Fitted {
  rendered: RenderedReply[];
  menus: StoredMenu[];
  problems: string[];
}

const minimumPerPage = 3;
const hints: Record<HintLanguage, { number: string; contact: string; location: string }> = {
  ru: { number: 'Ответьте номером варианта.', contact: 'Напишите номер телефона сообщением.', location: 'Напишите адрес сообщением.' },
  kk: {
    number: 'Нұсқаның нөмірімен жауап беріңіз.',
    contact: 'Телефон нөміріңізді хабарламамен жазыңыз.',
    location: 'Мекенжайды хабарламамен жазыңыз.',
  },
  en: {
    number: 'Reply with the option’s number.',
    contact: 'Type your phone number as a message.',
    location: 'Type the address as a message.',
  },
};

/** Fits one reply; `menus` are to be stored before the rendered replies are sent. */
export function fitReply(reply: FlowReply, capabilities: InteractionCapabilities, context: FitContext): Fitted {
  switch (reply.type) {
    case 'text':
      return only({ type: 'text', text: reply.text, format: reply.format ?? 'plain' });
    case 'choices':
    case 'list':
    case 'edit_menu': {
      const rows = reply.type === 'list' ? reply.sections.map((section) => section.rows) : (reply.rows ?? []);
      const menu = toMenu(context, reply.type === 'list' ? 'list' : 'buttons', reply.text, reply.format ?? 'plain', rows);
      const edit = reply.type === 'edit_menu' ? editTarget(capabilities, context) : undefined;
      const fitted = renderMenuPage(menu, 0, capabilities, edit?.messageId, reply.type === 'list' ? reply : undefined);
      return { ...fitted, problems: [...(edit?.problem ? [edit.problem] : []), ...fitted.problems] };
    }
    case 'request': {
      const can = reply.what === 'contact' ? capabilities.requestContact : capabilities.requestLocation;
      if (can) return only(reply);
      const hint = hints[context.language][reply.what];
      return only(
        { type: 'text', text: `${reply.text}\n${hint}`, format: 'plain' },
        `the channel cannot ask for a ${reply.what}: asked in text`,
      );
    }
    case 'file':
      if (capabilities.files) return only(reply);
      return only(
        { type: 'text', text: reply.caption ?? reply.fileName ?? '', format: 'plain' },
        `the channel cannot send files: ${reply.fileName ?? reply.path} not sent`,
      );
    case 'template':
      return capabilities.templatesRequired
        ? only({ type: 'template', template: reply.template })
        : only({ type: 'text', text: reply.text, format: 'plain' });
    case 'invoice':
      return capabilities.extras.includes('payments')
        ? only({ type: 'invoice', invoice: reply.invoice })
        : only({ type: 'text', text: reply.text, format: 'plain' }, 'the channel takes no payments: the invoice was sent as text');
  }
}

/** Renders one page of a stored menu (page 0 for a new one), editing `editMessageId` when given. */
export function renderMenuPage(
  menu: StoredMenu,
  page: number,
  capabilities: InteractionCapabilities,
  editMessageId?: string,
  listShape?: Extract<FlowReply, { type: 'list' }>,
): Fitted {
  const count = menu.choices.length;
  const { buttons, list } = capabilities;
  if (count === 0) {
    if (editMessageId)
      return fitted([{ type: 'buttons', text: menu.text, format: menu.format, rows: [], menuKey: menu.key, editMessageId }], [], []);
    return fitted([{ type: 'text', text: menu.text, format: menu.format }], [], []);
  }
  const problems: string[] = [];
  const wholeMenuAsList = list && count <= list.rows && (menu.layout === 'list' || !buttons || count > buttons.perMessage);
  if (buttons && count <= buttons.perMessage && !wholeMenuAsList) {
    const laidOut = menu.layout === 'list' ? menu.choices.map((_choice, index) => [index]) : menu.rows;
    const rows = splitRows(laidOut, buttons.perRow).map((row) =>
      row.map((index) => button(menu, index, buttons.titleLength, capabilities, problems)),
    );
    const text = menu.layout === 'list' ? withDescriptions(menu) : menu.text;
    return fitted(
      [{ type: 'buttons', text, format: menu.format, rows, menuKey: menu.key, editMessageId }],
      [{ ...menu, layout: 'buttons' }],
      problems,
      editMessageId,
    );
  }
  if (list && count <= list.rows) {
    const sections = listShape
      ? sectionsOf(menu, listShape, list, capabilities, problems)
      : [{ rows: menu.choices.map((_c, index) => listRow(menu, index, list, capabilities, problems)) }];
    const button = shorten(listShape?.button ?? '☰', list.buttonLength, problems);
    return fitted(
      [{ type: 'list', text: menu.text, format: menu.format, button, sections, menuKey: menu.key }],
      [{ ...menu, layout: 'list' }],
      problems,
      editMessageId,
    );
  }
  const buttonsPerPage = buttons ? buttons.perMessage - 2 : 0;
  const rowsPerPage = list ? list.rows - 2 : 0;
  const perPage = Math.max(buttonsPerPage, rowsPerPage);
  if (perPage >= minimumPerPage)
    return pagedMenu(menu, page, perPage, buttonsPerPage >= rowsPerPage ? 'buttons' : 'list', capabilities, editMessageId);
  const lines = menu.choices.map((choice, index) => `${index + 1}. ${choice.title}${choice.description ? ` — ${choice.description}` : ''}`);
  const text = `${menu.text}\n\n${lines.join('\n')}\n\n${hints[menu.language].number}`;
  return fitted(
    [{ type: 'text', text, format: menu.format }],
    [{ ...menu, layout: 'numbered' }],
    [`${count} choices sent as numbered text`],
    editMessageId,
  );
}

/** What a button's data stands for. */
export type ButtonData =
  { kind: 'payload'; payload: string } | { kind: 'stored'; key: string; index: number } | { kind: 'page'; key: string; page: number };

export function decodeButtonData(data: string): ButtonData {
  const stored = /^~([\w-]{6,20})\.(\d{1,4})$/.exec(data);
  if (stored) return { kind: 'stored', key: stored[1]!, index: Number(stored[2]) };
  const page = /^~([\w-]{6,20})>(\d{1,4})$/.exec(data);
  if (page) return { kind: 'page', key: page[1]!, page: Number(page[2]) };
  return { kind: 'payload', payload: data };
}

const numberAnswer = /^\s*(\d{1,4})[.)]?\s*$/;

/** Whether a text could answer a numbered menu ("2", "2.", " 2) "). */
export const looksLikeNumberAnswer = (text: string): boolean => numberAnswer.test(text);

/** The choice a typed number answers in a numbered menu, if it is one. */
export function choiceForNumber(menu: StoredMenu, text: string): ListRow | null {
  const match = numberAnswer.exec(text);
  return match ? (menu.choices[Number(match[1]) - 1] ?? null) : null;
}

function pagedMenu(
  menu: StoredMenu,
  page: number,
  perPage: number,
  layout: 'buttons' | 'list',
  capabilities: InteractionCapabilities,
  editMessageId?: string,
): Fitted {
  const pages = Math.ceil(menu.choices.length / perPage);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const indexes = menu.choices.map((_choice, index) => index).slice(current * perPage, (current + 1) * perPage);
  const problems = [`${menu.choices.length} choices sent in ${pages} pages of ${perPage}`];
  const nav: RenderedButton[] = [];
  if (current > 0) nav.push({ title: '‹', data: `~${menu.key}>${current - 1}` });
  if (current < pages - 1) nav.push({ title: '›', data: `~${menu.key}>${current + 1}` });
  const text = `${menu.text}\n(${current + 1}/${pages})`;
  const stored = { ...menu, layout };
  if (layout === 'buttons') {
    const limit = capabilities.buttons!;
    const rows = indexes.map((index) => [button(menu, index, limit.titleLength, capabilities, problems)]);
    if (nav.length > 0) rows.push(nav);
    return fitted(
      [{ type: 'buttons', text, format: menu.format, rows, menuKey: menu.key, editMessageId }],
      [stored],
      problems,
      editMessageId,
    );
  }
  const limit = capabilities.list!;
  const rows = [...indexes.map((index) => listRow(menu, index, limit, capabilities, problems)), ...nav];
  return fitted(
    [{ type: 'list', text, format: menu.format, button: '☰', sections: [{ rows }], menuKey: menu.key }],
    [stored],
    problems,
    editMessageId,
  );
}

function toMenu(context: FitContext, layout: StoredMenu['layout'], text: string, format: TextFormat, rows: ListRow[][]): StoredMenu {
  const choices: ListRow[] = [];
  const indexRows = rows.filter((row) => row.length > 0).map((row) => row.map((choice) => choices.push(choice) - 1));
  return { key: context.newKey(), layout, text, format, choices, rows: indexRows, language: context.language };
}

function editTarget(capabilities: InteractionCapabilities, context: FitContext): { messageId?: string; problem?: string } {
  if (!capabilities.editMessages) return { problem: 'the channel cannot edit messages: the menu was sent anew' };
  if (!context.lastMenuMessageId) return { problem: 'no earlier menu in this conversation: the menu was sent anew' };
  return { messageId: context.lastMenuMessageId };
}

function sectionsOf(
  menu: StoredMenu,
  shape: Extract<FlowReply, { type: 'list' }>,
  limit: NonNullable<InteractionCapabilities['list']>,
  capabilities: InteractionCapabilities,
  problems: string[],
) {
  let index = 0;
  return shape.sections
    .filter((section) => section.rows.length > 0)
    .map((section) => ({ title: section.title, rows: section.rows.map(() => listRow(menu, index++, limit, capabilities, problems)) }));
}

function button(
  menu: StoredMenu,
  index: number,
  titleLength: number,
  capabilities: InteractionCapabilities,
  problems: string[],
): RenderedButton {
  return { title: shorten(menu.choices[index]!.title, titleLength, problems), data: dataFor(menu, index, capabilities) };
}

function listRow(
  menu: StoredMenu,
  index: number,
  limit: NonNullable<InteractionCapabilities['list']>,
  capabilities: InteractionCapabilities,
  problems: string[],
) {
  const choice = menu.choices[index]!;
  const row: RenderedButton & { description?: string } = button(menu, index, limit.titleLength, capabilities, problems);
  if (choice.description) row.description = shorten(choice.description, limit.descriptionLength, problems);
  return row;
}

/** The payload itself when it fits, else a short key to the stored menu ("~" starts only our keys). */
function dataFor(menu: StoredMenu, index: number, capabilities: InteractionCapabilities): string {
  const payload = menu.choices[index]!.payload;
  if (!payload.startsWith('~') && Buffer.byteLength(payload, 'utf8') <= capabilities.payloadBytes) return payload;
  return `~${menu.key}.${index}`;
}

function withDescriptions(menu: StoredMenu): string {
  const described = menu.choices.filter((choice) => choice.description);
  if (described.length === 0) return menu.text;
  return `${menu.text}\n\n${described.map((choice) => `• ${choice.title} — ${choice.description}`).join('\n')}`;
}

function splitRows(rows: number[][], perRow: number): number[][] {
  return rows.flatMap((row) =>
    Array.from({ length: Math.ceil(row.length / perRow) }, (_unused, part) => row.slice(part * perRow, (part + 1) * perRow)),
  );
}

/** Cuts to `length` characters (code points), ending with "…", and says so. */
function shorten(text: string, length: number, problems: string[]): string {
  const characters = [...text];
  if (characters.length <= length) return text;
  problems.push(`shortened to ${length} characters: "${text}"`);
  return `${characters.slice(0, length - 1).join('')}…`;
}

function only(reply: RenderedReply, problem?: string): Fitted {
  return { rendered: [reply], menus: [], problems: problem ? [problem] : [] };
}

function fitted(rendered: RenderedReply[], menus: StoredMenu[], problems: string[], editMessageId?: string): Fitted {
  const cannotEdit = editMessageId && rendered.some((reply) => reply.type !== 'buttons');
  return { rendered, menus, problems: cannotEdit ? [...problems, 'this menu cannot replace the last one here: sent anew'] : problems };
}
