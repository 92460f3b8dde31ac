// The clinic's registration and booking on WhatsApp, end to end on both engines: a patient writes to the
// clinic's number through signed fake-meta webhooks, answers with text and interactive replies (reply buttons
// and list rows, as Meta delivers them), and ends with a booked appointment, its ticket and its .ics file,
// every bot message having gone through the Cloud API that tools/fake-meta checks against Meta's limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { whatsappMessage, type SentMessage } from '@switchboard/fake-meta';
import { sql } from 'kysely';
import { importClinic } from '../../apps/clinic/clinic.fixture.ts';
import { makeIin } from '../../apps/clinic/iin.ts';
import { createClinicApp } from '../../apps/clinic/index.ts';
import { testEngines } from '../../testing/harness.ts';
import { eventually } from '../../testing/ws-client.ts';
import { startWhatsAppWorld, type WhatsAppWorld } from './whatsapp.fixture.ts';

// Monday 4 March 2030, 08:00 in Almaty (UTC+5).
const monday0800 = Date.parse('2030-03-04T03:00:00Z');

type Json = Record<string, any>;
interface Said {
  message: SentMessage;
  text: string;
  options: Array<{ id: string; title: string; kind: 'button' | 'row' }>;
}

/** What a patient sees of one Cloud API message: its text (body, caption) and the choices it offers. */
function read(message: SentMessage): Said {
  const payload = message.payload as Json;
  if (payload.type === 'interactive') {
    const { body, action } = payload.interactive as Json;
    const buttons = (action.buttons ?? []).map((button: Json) => ({ ...button.reply, kind: 'button' }));
    const rows = (action.sections ?? []).flatMap((section: Json) => section.rows.map((row: Json) => ({ ...row, kind: 'row' })));
    return { message, text: body.text, options: [...buttons, ...rows] };
  }
  const text = payload.text?.body ?? payload[payload.type]?.caption ?? '';
  return { message, text, options: [] };
}

for (const engine of testEngines()) {
  describe(`the clinic on WhatsApp on ${engine}`, () => {
    let world: WhatsAppWorld;
    const clockMs = monday0800;
    const db = () => world.server.switchboard.database.db;
    const seen = new Map<string, number>();

    before(async () => {
      const clinic = createClinicApp({ clock: () => new Date(clockMs) });
      world = await startWhatsAppWorld(engine, { server: { apps: [clinic], clock: () => new Date(clockMs) }, apps: ['clinic'] });
      await importClinic(world.admin);
    });
    after(async () => {
      await world?.stop();
    });

    /** The clinic's next message to the patient matching the pattern, after the last one this returned. */
    async function says(waId: string, pattern: RegExp): Promise<Said> {
      const unseen = () =>
        JSON.stringify(
          world.meta.control
            .whatsappSent({ to: waId })
            .slice(seen.get(waId) ?? 0)
            .map((message) => read(message).text || message.type),
        );
      return eventually(
        () => {
          const sent = world.meta.control.whatsappSent({ to: waId });
          const from = seen.get(waId) ?? 0;
          for (let index = from; index < sent.length; index++) {
            const said = read(sent[index]!);
            if (pattern.test(said.text)) {
              seen.set(waId, index + 1);
              return said;
            }
          }
          return undefined;
        },
        20_000,
        `the clinic saying ${pattern}`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; it said since: ${unseen()}`);
      });
    }
    const write = (waId: string, text: string) =>
      world.post(
        world.meta.control.whatsappInbound({
          phoneNumberId: world.phone.id,
          senders: [{ name: 'Айгерим', wa_id: waId }],
          messages: [whatsappMessage.text(waId, text)],
        }),
      );
    /** Taps the choice titled `label` (shortened titles match by their start), as a button or a list row. */
    async function press(waId: string, said: Said, label: string) {
      const option = said.options.find(
        (item) => item.title === label || (item.title.endsWith('…') && label.startsWith(item.title.slice(0, -1))),
      );
      assert.ok(option, `"${label}" among ${JSON.stringify(said.options.map((item) => item.title))}`);
      const context = { from: world.phone.display_phone_number, id: said.message.id };
      const reply =
        option.kind === 'button'
          ? whatsappMessage.buttonReply(waId, { id: option.id, title: option.title }, { context })
          : whatsappMessage.listReply(waId, { id: option.id, title: option.title }, { context });
      await world.post(
        world.meta.control.whatsappInbound({
          phoneNumberId: world.phone.id,
          senders: [{ name: 'Айгерим', wa_id: waId }],
          messages: [reply],
        }),
      );
    }

    test('a patient registers and books through WhatsApp’s reply buttons and lists', async () => {
      const waId = '77015551234';
      await write(waId, 'Здравствуйте');
      const languages = await says(waId, /Выберите язык/);
      assert.deepEqual(
        languages.options.map((item) => item.title),
        ['Русский', 'Қазақша'],
      );
      await press(waId, languages, 'Русский');
      await says(waId, /Как вас зовут/);
      await write(waId, 'Айгерим');
      await says(waId, /фамилию/);
      await write(waId, 'Нурланова');
      const patronymic = await says(waId, /отчество/);
      await press(waId, patronymic, 'Пропустить');
      await says(waId, /Поделитесь номером/);
      await write(waId, '8 (701) 555-12-34');
      await says(waId, /дату рождения/);
      await write(waId, '15.03.1990');
      const sex = await says(waId, /Укажите пол/);
      await press(waId, sex, 'Женский');
      await says(waId, /Напишите ИИН/);
      await write(waId, makeIin('1990-03-15', 'F', 4321));
      for (const pattern of [/персональных данных/, /медицинское вмешательство/, /новости и акции/]) {
        const ask = await says(waId, pattern);
        await press(waId, ask, '✅ Согласен(на)');
      }
      await says(waId, /Регистрация завершена, Айгерим!/);
      const menu = await says(waId, /Добро пожаловать в клинику/);
      assert.equal(menu.options.length, 6, 'six menu entries: more than three buttons, so a list');
      assert.equal(menu.options[0]!.kind, 'row');

      await press(waId, menu, '📅 Записаться');
      const branches = await says(waId, /Выберите филиал/);
      await press(waId, branches, 'Центральный филиал');
      const services = await says(waId, /Выберите услугу/);
      await press(waId, services, 'Приём терапевта — 8000 ₸');
      const doctors = await says(waId, /Выберите врача/);
      await press(waId, doctors, 'Иванова Анна Петровна');
      const days = await says(waId, /Выберите день/);
      assert.deepEqual(
        days.options.map((item) => item.title),
        // The waitlist's row, cut to a list row's 24 characters.
        ['04.03', '05.03', '07.03', '08.03', '11.03', '12.03', '13.03', '14.03', '15.03', '⏳ Нужно раньше — в лист…'],
      );
      await press(waId, days, '04.03');
      const times = await says(waId, /Выберите время/);
      await press(waId, times, '09:30');
      const confirm = await says(waId, /Проверьте запись/);
      assert.match(confirm.text, /Приём терапевта — 8000 ₸\nИванова Анна Петровна\n04\.03\.2030, 09:30/);
      await press(waId, confirm, '✅ Подтвердить');
      const ticket = await says(waId, /Талон на приём/);
      assert.match(ticket.text, /Центральный филиал, Алматы, Абая 10/);
      const file = await says(waId, /календар/i);
      assert.equal((file.message.payload as Json).type, 'document', 'the .ics goes as a document');
      assert.match((file.message.payload as Json).document.filename, /\.ics$/);
      const stored = world.meta.control.media((file.message.payload as Json).document.id)!;
      assert.equal(stored.mime_type, 'text/plain', 'Meta takes text documents as text/plain only');
      assert.match(Buffer.from(stored.base64, 'base64').toString(), /DTSTART:20300304T043000Z/);

      const booked = await sql<{ starts_at: Date; phone: string; status: string }>`
        SELECT a.starts_at, p.phone, a.status FROM clinic_appointments a JOIN clinic_patients p ON p.id = a.patient_id`.execute(db());
      assert.equal(booked.rows.length, 1);
      assert.equal(new Date(booked.rows[0]!.starts_at).toISOString(), '2030-03-04T04:30:00.000Z', '09:30 in Almaty');
      assert.equal(booked.rows[0]!.phone, '+77015551234');
      // Every bot message of the flow is in the number's conversation, for the operators.
      const chat = (await world.admin.get('/api/chats?messenger=whatsapp')).body.results[0];
      const history = (await world.admin.get(`/api/messages/by_chat?chat_id=${chat.id}&limit=100`)).body.results as Json[];
      assert.ok(history.some((message) => message.direction === 'out' && /Талон на приём/.test(message.text)));
    });
  });
}
