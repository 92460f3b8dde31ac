import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startFakeMeta } from './index.ts';
import { graph } from './test-support.ts';

describe('WhatsApp rate limits', () => {
  test('throughput per number (130429) and the pair rate to one customer (131056), on a frozen clock', async () => {
    const fake = await startFakeMeta({ sendLimits: { throughputPerSecond: 5, pairBurst: 3, pairIntervalMs: 6000 } });
    try {
      const phone = fake.control.seedWhatsAppNumber();
      fake.control.setClock({ freeze: true });
      const send = (to: string) => {
        fake.control.setLastInbound({ businessId: phone.id, customerId: to });
        return graph(fake.whatsappUrl, 'POST', `/v21.0/${phone.id}/messages`, {
          token: phone.accessToken,
          body: { messaging_product: 'whatsapp', to, text: { body: 'hi' } },
        });
      };
      const codes = [];
      for (let index = 0; index < 4; index++) codes.push((await send('7700')).body.error?.code ?? 200);
      assert.deepEqual(codes, [200, 200, 200, 131056]);
      assert.equal((await send('7700')).status, 429, 'throttling answers HTTP 429');
      fake.control.setClock({ advanceMs: 6000 });
      assert.equal((await send('7700')).status, 200, 'one more after six seconds');
      fake.control.setClock({ advanceMs: 1001 });
      const spread = [];
      for (const to of ['7701', '7702', '7703', '7704', '7705', '7706']) spread.push((await send(to)).body.error?.code ?? 200);
      assert.deepEqual(spread, [200, 200, 200, 200, 200, 130429]);
    } finally {
      await fake.stop();
    }
  });
});
