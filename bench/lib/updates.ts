// Realistic Telegram Update JSON for private chats, generated ahead of a run
// so that building it costs nothing while the load runs.
const firstNames = ['Айгерим', 'Dana', 'Иван', 'Asel', 'Мария', 'Nurlan', 'Ольга', 'Timur', 'Алексей', 'Zhanna', 'Sergey', 'Камила'];
const lastNames = ['Нурланова', 'Smith', 'Петров', 'Ivanova', 'Ким', 'Abenov', 'Сидорова', 'Lee', 'Орлов', 'Bekova'];
const phrases = [
  'Здравствуйте! Можно записаться на завтра?',
  'Hello, is my order ready?',
  'Спасибо, всё получила 🙏',
  'Сколько стоит консультация?',
  'Can I move my appointment to Friday at 15:00?',
  'Добрый день, подскажите адрес филиала',
  'Ок',
  'Where can I download the invoice?',
];

export interface GeneratedUpdate {
  chat: number;
  updateId: number;
  /** Unique per update: `bench:<run>:<sequence>`, at the end of the text, to find it in frames and rows. */
  marker: string;
  sequence: number;
  json: string;
}

export function userIdOf(chatIndex: number): number {
  return 5_000_000_000 + chatIndex * 7919;
}

export function personOf(chatIndex: number) {
  const first = firstNames[chatIndex % firstNames.length]!;
  const last = lastNames[Math.floor(chatIndex / firstNames.length) % lastNames.length]!;
  return {
    id: userIdOf(chatIndex),
    is_bot: false,
    first_name: first,
    last_name: last,
    username: `client_${chatIndex}`,
    language_code: chatIndex % 3 === 0 ? 'en' : 'ru',
  };
}

/**
 * `count` updates spread over `chats` private chats; chat c's updates carry
 * increasing message ids. `run` keeps markers unique across runs on one database.
 */
// Telegram numbers messages per chat, increasing for ever: keep counting across runs.
const nextMessageId = new Map<number, number>();

export function generateUpdates(options: {
  run: string;
  count: number;
  chats: number;
  firstUpdateId: number;
  firstChat?: number;
}): GeneratedUpdate[] {
  const date = Math.floor(Date.now() / 1000);
  const updates: GeneratedUpdate[] = [];
  for (let sequence = 0; sequence < options.count; sequence++) {
    const chat = (options.firstChat ?? 0) + (sequence % options.chats);
    const messageId = nextMessageId.get(chat) ?? 1;
    nextMessageId.set(chat, messageId + 1);
    const from = personOf(chat);
    const marker = `bench:${options.run}:${sequence}`;
    const text = `${phrases[sequence % phrases.length]} ${marker}`;
    const update = {
      update_id: options.firstUpdateId + sequence,
      message: {
        message_id: messageId,
        from,
        chat: { id: from.id, first_name: from.first_name, last_name: from.last_name, username: from.username, type: 'private' },
        date,
        text,
      },
    };
    updates.push({ chat, updateId: update.update_id, marker, sequence, json: JSON.stringify(update) });
  }
  return updates;
}

/** The sequence number inside a marker found in a text, or null. */
export function sequenceOf(text: unknown, run: string): number | null {
  if (typeof text !== 'string') return null;
  const at = text.lastIndexOf(`bench:${run}:`);
  return at === -1 ? null : Number(text.slice(at + run.length + 7));
}
