import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { choiceForNumber, decodeButtonData, fitReply, renderMenuPage, type StoredMenu } from './flow-degrade.ts';
import type { Choice, InteractionCapabilities, RenderedButton, RenderedReply } from './flows.ts';

const base = {
  payloadBytes: 64,
  requestContact: false,
  requestLocation: false,
  editMessages: false,
  files: false,
  templatesRequired: false,
  extras: [],
};
// The profiles issue 15 names: Telegram's inline keyboards, WhatsApp's 3 reply buttons or a 10-row list, Instagram's 13 quick replies, and a channel with none.
const profiles: Record<string, InteractionCapabilities> = {
  telegram: { ...base, buttons: { perMessage: 100, perRow: 8, titleLength: 64 }, list: null, editMessages: true },
  whatsapp: {
    ...base,
    payloadBytes: 256,
    buttons: { perMessage: 3, perRow: 3, titleLength: 20 },
    list: { rows: 10, titleLength: 24, descriptionLength: 72, buttonLength: 20 },
    templatesRequired: true,
  },
  instagram: { ...base, buttons: { perMessage: 13, perRow: 13, titleLength: 20 }, list: null },
  textOnly: { ...base, buttons: null, list: null },
};

const choiceArbitrary = fc.record({
  title: fc.string({ minLength: 1, maxLength: 90, unit: 'grapheme' }),
  payload: fc.string({ minLength: 1, maxLength: 120, unit: 'grapheme' }),
});
const rowsArbitrary = fc.array(fc.array(choiceArbitrary, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 25 });

function keys() {
  let next = 0;
  return () => `menu${String(next++).padStart(4, '0')}`;
}

function buttonsOf(reply: RenderedReply): RenderedButton[] {
  if (reply.type === 'buttons') return reply.rows.flat();
  if (reply.type === 'list') return reply.sections.flatMap((section) => section.rows);
  return [];
}

/** Every payload a customer can reach from the first page: directly, through a stored key, by paging, or by typing a number. */
function reachablePayloads(rows: Choice[][], capabilities: InteractionCapabilities): { payloads: string[]; problems: string[] } {
  const fitted = fitReply({ type: 'choices', text: 'Pick one', rows }, capabilities, { newKey: keys(), language: 'ru' });
  const menu = fitted.menus[0]!;
  const problems = [...fitted.problems];
  if (menu.layout === 'numbered') {
    const payloads = menu.choices.map((_choice, index) => choiceForNumber(menu, String(index + 1))!.payload);
    return { payloads, problems };
  }
  const payloads: string[] = [];
  const seenPages = new Set<number>([0]);
  const pending: RenderedReply[] = [...fitted.rendered];
  while (pending.length > 0) {
    for (const shown of buttonsOf(pending.pop()!)) {
      const data = decodeButtonData(shown.data);
      if (data.kind === 'payload') payloads.push(data.payload);
      if (data.kind === 'stored') payloads.push(menu.choices[data.index]!.payload);
      if (data.kind === 'page' && !seenPages.has(data.page)) {
        seenPages.add(data.page);
        const page = renderMenuPage(menu, data.page, capabilities);
        problems.push(...page.problems);
        pending.push(...page.rendered);
      }
    }
  }
  return { payloads, problems };
}

describe('fitting choices to a channel', () => {
  for (const [name, capabilities] of Object.entries(profiles)) {
    test(`${name}: every choice stays reachable exactly once, within the limits, and any change is reported`, () => {
      fc.assert(
        fc.property(rowsArbitrary, (rows) => {
          const expected = rows.flat().map((choice) => choice.payload);
          const { payloads, problems } = reachablePayloads(rows, capabilities);
          assert.deepEqual([...payloads].sort(), [...expected].sort());
          const fitted = fitReply({ type: 'choices', text: 'Pick one', rows }, capabilities, { newKey: keys(), language: 'en' });
          for (const reply of fitted.rendered) {
            const shown = buttonsOf(reply);
            const limit = reply.type === 'list' ? capabilities.list! : capabilities.buttons!;
            if (reply.type === 'buttons')
              assert.ok(
                shown.length <= capabilities.buttons!.perMessage && reply.rows.every((row) => row.length <= capabilities.buttons!.perRow),
              );
            if (reply.type === 'list') assert.ok(shown.length <= capabilities.list!.rows);
            for (const button of shown) {
              assert.ok([...button.title].length <= ('titleLength' in limit ? limit.titleLength : Infinity));
              assert.ok(Buffer.byteLength(button.data) <= capabilities.payloadBytes);
            }
          }
          const changed =
            fitted.menus[0]!.layout === 'numbered' ||
            fitted.rendered.some((reply) => reply.type === 'text' || /\(\d+\/\d+\)$/.test('text' in reply ? reply.text : ''));
          const shortened = rows
            .flat()
            .some(
              (choice) =>
                [...choice.title].length > (capabilities.buttons?.titleLength ?? Infinity) &&
                [...choice.title].length > (capabilities.list?.titleLength ?? 0),
            );
          if (changed || shortened) assert.ok(problems.length > 0, 'a change nobody reported');
        }),
        { numRuns: 150 },
      );
    });
  }

  test('WhatsApp: four choices become a list; twelve become pages of eight with "‹ ›"', () => {
    const choices = (count: number) => [
      Array.from({ length: count }, (_unused, index) => ({ title: `Option ${index + 1}`, payload: `o${index + 1}` })),
    ];
    const four = fitReply({ type: 'choices', text: 'Pick', rows: choices(4) }, profiles.whatsapp!, { newKey: keys(), language: 'en' });
    assert.equal(four.rendered[0]!.type, 'list');
    const twelve = fitReply({ type: 'choices', text: 'Pick', rows: choices(12) }, profiles.whatsapp!, { newKey: keys(), language: 'en' });
    const firstPage = twelve.rendered[0]!;
    assert.equal(firstPage.type, 'list');
    assert.deepEqual(
      buttonsOf(firstPage).map((row) => row.title),
      ['Option 1', 'Option 2', 'Option 3', 'Option 4', 'Option 5', 'Option 6', 'Option 7', 'Option 8', '›'],
    );
    assert.match(twelve.problems[0]!, /12 choices sent in 2 pages of 8/);
  });

  test('a channel without buttons numbers the choices, and a typed number answers them', () => {
    const fitted = fitReply(
      {
        type: 'choices',
        text: 'Время?',
        rows: [
          [
            { title: '10:00', payload: 't10' },
            { title: '11:00', payload: 't11' },
          ],
        ],
      },
      profiles.textOnly!,
      { newKey: keys(), language: 'ru' },
    );
    assert.deepEqual(fitted.rendered, [
      { type: 'text', format: 'plain', text: 'Время?\n\n1. 10:00\n2. 11:00\n\nОтветьте номером варианта.' },
    ]);
    const menu: StoredMenu = fitted.menus[0]!;
    assert.equal(choiceForNumber(menu, ' 2. ')?.payload, 't11');
    assert.equal(choiceForNumber(menu, '3'), null);
    assert.equal(choiceForNumber(menu, 'да'), null);
  });

  test('a payload longer than the channel carries travels as a short key; "~" never passes as a payload', () => {
    const long = 'x'.repeat(65);
    const fitted = fitReply(
      {
        type: 'choices',
        text: 'Pick',
        rows: [
          [
            { title: 'A', payload: long },
            { title: 'B', payload: '~fake.1' },
            { title: 'C', payload: 'ok' },
          ],
        ],
      },
      profiles.telegram!,
      { newKey: () => 'abcdefgh', language: 'en' },
    );
    assert.deepEqual(
      buttonsOf(fitted.rendered[0]!).map((button) => button.data),
      ['~abcdefgh.0', '~abcdefgh.1', 'ok'],
    );
  });

  test('edit_menu edits the last menu where the channel can, and says when it could not', () => {
    const rows = [[{ title: 'Yes', payload: 'y' }]];
    const edited = fitReply({ type: 'edit_menu', text: 'Sure?', rows }, profiles.telegram!, {
      newKey: keys(),
      language: 'en',
      lastMenuMessageId: '42',
    });
    assert.equal(edited.rendered[0]!.type === 'buttons' && edited.rendered[0]!.editMessageId, '42');
    assert.deepEqual(edited.problems, []);
    const anew = fitReply({ type: 'edit_menu', text: 'Sure?', rows }, profiles.instagram!, {
      newKey: keys(),
      language: 'en',
      lastMenuMessageId: '42',
    });
    assert.match(anew.problems[0]!, /cannot edit/);
  });
});
