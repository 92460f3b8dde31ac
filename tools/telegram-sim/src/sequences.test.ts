import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { startTelegramSimulator } from './index.ts';
import { callApi } from './test-support.ts';

const token = '7000000042:SEQUENCE-sequence-sequence-sequence';
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'telegram-sim-state-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

/** One simulator run: the same bot and user (the world's ids are deterministic), two messages in, one out. */
async function run(stateFile?: string) {
  const sim = await startTelegramSimulator(stateFile ? { stateFile } : {});
  try {
    sim.createBot({ token, username: 'sequence_bot' });
    const user = sim.createUser({ first_name: 'Ann' });
    const first = sim.sendText(token, { from: user.id, text: 'one' });
    const second = sim.sendText(token, { from: user.id, text: 'two' });
    const reply = await callApi(sim.apiRoot, token, 'sendMessage', { chat_id: user.id, text: 'answer' });
    return {
      updateIds: [first.update_id, second.update_id],
      messageIds: [first.message!.message_id, second.message!.message_id, reply.body.result.message_id as number],
    };
  } finally {
    await sim.stop();
  }
}

test('with a state file, a restarted simulator goes on with the update_id and message_id sequences', async () => {
  const stateFile = path.join(folder, 'state.json');
  const before = await run(stateFile);
  assert.deepEqual(before.messageIds, [1, 2, 3]);
  assert.equal(before.updateIds[1], before.updateIds[0]! + 1);
  const afterRestart = await run(stateFile);
  assert.deepEqual(afterRestart.updateIds, [before.updateIds[1]! + 1, before.updateIds[1]! + 2]);
  assert.deepEqual(afterRestart.messageIds, [4, 5, 6]);
  assert.deepEqual(JSON.parse(fs.readFileSync(stateFile, 'utf8')).updateIds, { '7000000042': before.updateIds[1]! + 3 });
});

test('without a state file every run starts the sequences afresh', async () => {
  const first = await run();
  const second = await run();
  assert.deepEqual(second, first);
});

test('the state is on disk as soon as an update is queued, so a killed simulator does not repeat ids', async () => {
  const stateFile = path.join(folder, 'killed.json');
  const sim = await startTelegramSimulator({ stateFile });
  sim.createBot({ token, username: 'sequence_bot' });
  const user = sim.createUser({ first_name: 'Ann' });
  const update = sim.sendText(token, { from: user.id, text: 'one' });
  await new Promise((resolve) => setImmediate(resolve));
  const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  assert.equal(saved.updateIds['7000000042'], update.update_id + 1);
  assert.equal(saved.messageIds[`p:7000000042:${user.id}`], 2);
  await sim.stop();
});

test('restartUpdateIds restarts the sequence lower, as Telegram does after a week without updates', async () => {
  const sim = await startTelegramSimulator();
  try {
    sim.createBot({ token, username: 'sequence_bot' });
    const user = sim.createUser({ first_name: 'Ann' });
    sim.sendText(token, { from: user.id, text: 'before' });
    sim.restartUpdateIds(token, 7);
    assert.equal(sim.sendText(token, { from: user.id, text: 'after' }).update_id, 7);
    assert.throws(() => sim.restartUpdateIds(token, 0), /positive whole number/);
    // A long poll holding the old, higher offset forgets nothing of the new sequence (tdlib falls back to the head).
    const polled = await callApi(sim.apiRoot, token, 'getUpdates', { offset: 100_000_000_000, timeout: 0 });
    assert.deepEqual(
      polled.body.result.map((update: { message: { text: string } }) => update.message.text),
      ['before', 'after'],
    );
  } finally {
    await sim.stop();
  }
});
