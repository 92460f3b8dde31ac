// Russian buttons say what they do ("Решить", "Отметить оплаченным"); states ("Решена", "Оплачен")
// are badges. A button that reads like a state looks like it has already happened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ru as team } from '../features/team/team.locales.ts';
import { ru as tickets } from '../features/tickets/tickets.locales.ts';

const states = new Set([...Object.values(tickets.status), ...Object.values(tickets.invoices.status), team.resolved]);

test('every Russian status-changing button is a verb, never the name of a state', () => {
  const actions = {
    ...tickets.move,
    markPaid: tickets.invoices.markPaid,
    void: tickets.invoices.void,
    resolve: team.resolve,
    reopen: team.reopen,
  };
  for (const [key, label] of Object.entries(actions)) assert.ok(!states.has(label), `${key}: "${label}" reads as a state`);
  assert.equal(tickets.move.resolved, 'Решить');
  assert.equal(tickets.invoices.markPaid, 'Отметить оплаченным');
  assert.equal(team.resolve, 'Решить');
});

test('a ticket ("заявка") is feminine in its statuses, as in the portal', () => {
  assert.deepEqual(tickets.status, { open: 'Открыта', in_progress: 'В работе', resolved: 'Решена', closed: 'Закрыта' });
  assert.equal(tickets.updated, 'Обновлена');
});
