// The app flows on WhatsApp: neutral replies, fitted by the shared degrader (../flow-degrade.ts) to
// WhatsApp's interactions, rendered as Cloud API messages and sent to tools/fake-meta, which refuses anything
// outside Meta's documented limits (131009: 3 buttons of 20, 10 rows of 24, descriptions of 72 …).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeMeta, whatsappMessage, type FakeMeta, type PhoneNumber } from '@switchboard/fake-meta';
import type { ChannelRecord } from '../channel.ts';
import { fitReply } from '../flow-degrade.ts';
import type { FlowReply, RenderedReply } from '../flows.ts';
import { createGraphClient } from '../meta/index.ts';
import { createWhatsAppApi } from './graph-api.ts';
import { createWhatsAppFlows, ownContactPayload, whatsappInteractions } from './flow-render.ts';
import { createLogger } from '../../platform/index.ts';
import type { WhatsAppCredentials } from './profile.ts';

const customer = '77012223344';

describe('app flows rendered on WhatsApp (against fake-meta)', () => {
  let meta: FakeMeta;
  let phone: PhoneNumber;
  let flows: ReturnType<typeof createWhatsAppFlows>;
  let keys = 0;
  const channel = { id: 1 } as ChannelRecord;

  const fit = (reply: FlowReply): RenderedReply[] =>
    fitReply(reply, whatsappInteractions, { newKey: () => `m${++keys}`, language: 'ru' }).rendered;

  before(async () => {
    meta = await startFakeMeta();
    phone = meta.control.seedWhatsAppNumber();
    meta.control.seedTemplate({
      wabaId: phone.wabaId,
      name: 'visit_reminder',
      language: 'ru',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Напоминаем: приём {{1}} в {{2}}.' }],
    });
    meta.control.setLastInbound({ businessId: phone.id, customerId: customer });
    const credentials: WhatsAppCredentials = {
      phone_number_id: phone.id,
      waba_id: phone.wabaId,
      access_token: phone.accessToken,
      app_secret: 'unused0000000000',
      verify_token: 'unused00',
    };
    const api = createWhatsAppApi(createGraphClient({ baseUrl: meta.whatsappUrl, version: 'v21.0' }));
    flows = createWhatsAppFlows({ api, credentialsOf: () => credentials, logger: createLogger({ level: 'silent' }) });
  });
  after(async () => {
    await meta?.stop();
  });

  test('three choices go as reply buttons; twelve doctors as a paged list; long titles are shortened, never refused', async () => {
    const days = fit({
      type: 'choices',
      text: 'На какой день записать?',
      rows: [
        [{ title: 'Сегодня', payload: 'day:0' }],
        [{ title: 'Завтра', payload: 'day:1' }],
        [{ title: 'Послезавтра, четверг 14 ноября', payload: 'day:2' }],
      ],
    });
    const doctors = fit({
      type: 'list',
      text: 'Выберите врача',
      button: 'Врачи клиники «Аксай»',
      sections: [
        {
          title: 'Терапевты и узкие специалисты клиники',
          rows: Array.from({ length: 12 }, (_, index) => ({
            title: `Доктор Айгерим Сапарова-Нурланова ${index + 1}`,
            payload: `doctor:${index + 1}`,
            description: 'Кардиолог высшей категории, приём взрослых и детей старше двенадцати лет, по записи',
          })),
        },
      ],
    });
    const outcome = await flows.renderReplies(channel, { chatId: customer, topicId: '' }, [...days, ...doctors]);
    assert.deepEqual(outcome.problems, []);
    const sent = meta.control.whatsappSent({ to: customer });
    const interactive = sent.map((message) => (message.payload as any).interactive);
    assert.equal(interactive[0].type, 'button');
    assert.deepEqual(
      interactive[0].action.buttons.map((button: any) => button.reply.id),
      ['day:0', 'day:1', 'day:2'],
    );
    assert.ok(interactive[0].action.buttons.every((button: any) => [...button.reply.title].length <= 20));
    const list = interactive.find((item: any) => item?.type === 'list');
    const rows = list.action.sections.flatMap((section: any) => section.rows);
    assert.ok(rows.length <= 10, 'at most ten rows: the rest is paged');
    assert.ok(rows.every((row: any) => [...row.title].length <= 24 && [...(row.description ?? '')].length <= 72));
  });

  test('asking for the customer’s number is one reply button; pressing it is their own contact', async () => {
    const [request] = fit({ type: 'request', what: 'contact', text: 'Поделитесь номером для записи', button: 'Отправить мой номер' });
    const outcome = await flows.renderReplies(channel, { chatId: customer, topicId: '' }, [request!]);
    assert.deepEqual(outcome.problems, []);
    const press = {
      whatsapp: 'message',
      phoneNumberId: phone.id,
      profileName: 'Айгерим',
      message: whatsappMessage.buttonReply(
        customer,
        { id: ownContactPayload, title: 'Отправить мой номер' },
        { context: { from: phone.id, id: outcome.messageIds[0]! } },
      ),
    };
    assert.deepEqual(flows.toFlowEvent(press)?.event, {
      type: 'contact',
      phone: `+${customer}`,
      firstName: 'Айгерим',
      lastName: undefined,
      isOwn: true,
    });
    const choice = {
      ...press,
      message: whatsappMessage.listReply(customer, { id: 'doctor:3', title: 'Доктор 3' }, { context: { from: phone.id, id: 'wamid.x' } }),
    };
    assert.deepEqual(flows.toFlowEvent(choice)?.event, { type: 'choice', payload: 'doctor:3', menuMessageId: 'wamid.x' });
  });

  test('a message the business starts goes as the declared template; a wrong one is reported, not dropped', async () => {
    const [template] = fit({
      type: 'template',
      template: { name: 'visit_reminder', language: 'ru', parameters: ['завтра', '10:00'] },
      text: 'unused',
    });
    assert.equal(template!.type, 'template');
    const outcome = await flows.renderReplies(channel, { chatId: '77019990000', topicId: '' }, [template!]);
    assert.deepEqual(outcome.problems, []);
    assert.equal(meta.control.whatsappSent({ to: '77019990000' })[0]!.type, 'template');

    const [unknown] = fit({ type: 'template', template: { name: 'no_such_template', language: 'ru', parameters: [] }, text: 'unused' });
    const refused = await flows.renderReplies(channel, { chatId: '77019990000', topicId: '' }, [unknown!]);
    assert.equal(refused.messageIds[0], null);
    assert.match(refused.problems[0]!, /template/);
  });
});
