// A test app with one wizard (used by the flow tests on the server and in the browser).
import { defineWizard, type AppDefinition } from '../apps/app.ts';

// A day (payloads longer than Telegram’s 64 bytes), a time (120 choices: more than one message holds), then the phone by contact share.
export const days = ['Понедельник', 'Вторник', 'Среда'];
const times = Array.from(
  { length: 120 },
  (_unused, index) => `${String(8 + Math.floor(index / 12)).padStart(2, '0')}:${String((index % 12) * 5).padStart(2, '0')}`,
);
type Booking = { day?: string; time?: string };

const booking = defineWizard<Booking>({
  name: 'booking',
  timeoutMs: 10 * 60_000,
  firstStep: 'day',
  steps: {
    day: {
      prompt: () => [
        { type: 'choices', text: 'Which day?', rows: [days.map((day) => ({ title: day, payload: `day:${day}:${'x'.repeat(80)}` }))] },
      ],
      answer: ({ event }) =>
        event.type === 'choice' && event.payload.startsWith('day:')
          ? { next: 'time', data: { day: event.payload.split(':')[1] } }
          : { stay: [{ type: 'text', text: 'Pick a day with the buttons.' }] },
    },
    time: {
      prompt: ({ data }) => [
        { type: 'choices', text: `${data.day}: what time?`, rows: [times.map((time) => ({ title: time, payload: `time:${time}` }))] },
      ],
      answer: ({ event, data }) =>
        event.type === 'choice' && event.payload.startsWith('time:')
          ? { next: 'phone', data: { ...data, time: event.payload.slice(5) } }
          : { stay: [{ type: 'text', text: 'Pick a time.' }] },
    },
    phone: {
      prompt: () => [{ type: 'request', what: 'contact', text: 'Share your phone', button: 'Share phone' }],
      answer: ({ event, data }) =>
        event.type === 'contact'
          ? { finish: [{ type: 'text', text: `Booked: ${data.day} ${data.time}, ${event.phone}` }] }
          : { stay: [{ type: 'text', text: 'Use the button below.' }] },
    },
  },
});

export const bookingApp: AppDefinition = {
  name: 'bookings',
  create: () => ({
    flows: {
      wizards: [booking],
      async handle(context) {
        if (context.event.type !== 'command' || context.event.command !== 'book') return false;
        await context.startWizard('booking');
        return true;
      },
    },
  }),
};
