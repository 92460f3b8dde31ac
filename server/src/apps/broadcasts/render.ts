// One recipient's message: the text in their language, variables filled, link buttons and, on marketing, unsubscribe.
import type { ContactProfile } from '../app.ts';
import { botText, languageOf } from './broadcasts.messages.ts';
import type { BroadcastKind, BroadcastMedia, BroadcastTexts, LinkButton } from './tables.ts';

/** The payload of the unsubscribe button; the flows answer it. */
export const unsubscribePayload = 'broadcasts:unsubscribe';
export const subscribePayload = 'broadcasts:subscribe';

/** `{{name}}` or `{{name|dear customer}}`: the contact's name, else the fallback (else nothing). */
const variable = /\{\{\s*(name|first_name|phone)\s*(?:\|([^}]*))?\}\}/g;

export function fillVariables(text: string, contact: Pick<ContactProfile, 'display_name' | 'phone'> | undefined): string {
  return text.replace(variable, (_match, name: string, fallback: string | undefined) => {
    const value =
      name === 'phone' ? contact?.phone : name === 'first_name' ? contact?.display_name.trim().split(/\s+/)[0] : contact?.display_name;
    return value?.trim() || (fallback ?? '').trim();
  });
}

export function pickText(texts: BroadcastTexts, language: string | null | undefined): { text: string; language: string } {
  const code = languageOf(language);
  const variant = texts[code];
  return variant ? { text: variant, language: code } : { text: texts.default, language: 'default' };
}

export function renderMessage(input: {
  kind: BroadcastKind;
  texts: BroadcastTexts;
  buttons: LinkButton[];
  contact: ContactProfile | undefined;
  chatId: string;
  /** The broadcast's file and the path the channel sends it from; the text becomes its caption. */
  media?: { file: BroadcastMedia; path: string };
}) {
  const picked = pickText(input.texts, input.contact?.language_code);
  const rows: Array<Array<{ text: string; url?: string; callback_data?: string }>> = input.buttons.map((button) => [
    { text: button.title, url: button.url },
  ]);
  if (input.kind === 'marketing')
    rows.push([{ text: botText(languageOf(input.contact?.language_code), 'unsubscribeButton'), callback_data: unsubscribePayload }]);
  return {
    language: picked.language,
    message: {
      chatId: input.chatId,
      text: fillVariables(picked.text, input.contact),
      ...(input.media
        ? {
            media: [
              {
                type: input.media.file.kind,
                path: input.media.path,
                fileName: input.media.file.name,
                mimeType: input.media.file.content_type,
              },
            ],
          }
        : {}),
      ...(rows.length > 0 ? { replyMarkup: { inline_keyboard: rows } } : {}),
    },
  };
}
