import fs from 'node:fs';
import path from 'node:path';

/**
 * The sequences Telegram never restarts on its own: the next update_id of each bot and the next message_id
 * of each chat. Kept in a JSON file so a restarted simulator (a demo run again on the same data) goes on
 * where it stopped; otherwise its new updates and messages would look like ones the CRM already has.
 */
export interface SimSequences {
  /** Next update_id, by bot id. */
  updateIds: Record<string, number>;
  /** Next message_id, by conversation key (`p:<bot id>:<user id>` for a private chat, `g:<chat id>` for a group). */
  messageIds: Record<string, number>;
}

export const emptySequences = (): SimSequences => ({ updateIds: {}, messageIds: {} });

export function readSequences(file: string): SimSequences {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySequences();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<SimSequences>;
  const numbers = (value: unknown): Record<string, number> =>
    Object.fromEntries(
      Object.entries(typeof value === 'object' && value !== null ? value : {}).filter(([, next]) => Number.isSafeInteger(next) && next > 0),
    );
  return { updateIds: numbers(parsed.updateIds), messageIds: numbers(parsed.messageIds) };
}

/** Written to a temporary file and renamed over the old one, so a crash mid-write leaves the previous state. */
export function writeSequences(file: string, sequences: SimSequences): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(sequences, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
