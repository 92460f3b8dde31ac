// One recipient's message: the text in their language, variables filled, link buttons and, on marketing, unsubscribe.
import { templateValuesOf, withLinkLines, type BusinessStart, type ContactProfile } from '../app.ts';
import { botText, languageOf } from './broadcasts.messages.ts';
import type { BroadcastKind, BroadcastMedia, BroadcastTemplate, BroadcastTexts, LinkButton } from './tables.ts';

/** The payload of the unsubscribe button; the flows answer it. */
export const unsubscribePayload = 'broadcasts:unsubscribe';
export const subscribePayload = 'broadcasts:subscribe';

/** `{{name}}` or `{{name|dear customer}}`: the contact's name, else the fallback (else nothing). */
const variable = /\{\{\s*(name|first_name|phone)\s*(?:\|([^}]*))?\}\}/g;

/** The contact's values a text's variables and a template's parameters take. */
const contactValues = (contact: Pick<ContactProfile, 'display_name' | 'phone'> | undefined) => ({
  name: contact?.display_name,
  first_name: contact?.display_name.trim().split(/\s+/)[0],
  phone: contact?.phone,
});

export function fillVariables(text: string, contact: Pick<ContactProfile, 'display_name' | 'phone'> | undefined): string {
  const values = contactValues(contact);
  return text.replace(variable, (_match, name: keyof typeof values, fallback: string | undefined) => {
    return values[name]?.trim() || (fallback ?? '').trim();
  });
}

export function pickText(texts: BroadcastTexts, language: string | null | undefined): { text: string; language: string } {
  const code = languageOf(language);
  const variant = texts[code];
  return variant ? { text: variant, language: code } : { text: texts.default, language: 'default' };
}

/** The mark of a broadcast on a template-only account: the channel sends the text inside the recipient's reply window and this template outside it. */
function templateStart(template: BroadcastTemplate, contact: ContactProfile | undefined, language: string): BusinessStart {
  return {
    purpose: 'broadcasts.broadcast',
    template: {
      name: template.name,
      language: template.language ?? language,
      variables: { header: [], body: templateValuesOf(template.parameters, contactValues(contact)) },
    },
  };
}

export function renderMessage(input: {
  kind: BroadcastKind;
  texts: BroadcastTexts;
  buttons: LinkButton[];
  template?: BroadcastTemplate | null;
  contact: ContactProfile | undefined;
  chatId: string;
  /** The broadcast's file and the path the channel sends it from; the text becomes its caption. */
  media?: { file: BroadcastMedia; path: string };
}) {
  const picked = pickText(input.texts, input.contact?.language_code);
  // Link buttons go under the text as "title: link" lines on every account (the form channels without link buttons
  // use for a message's `links`), so the inbox shows them and a caption's limit counts them; the unsubscribe is a neutral choice each channel shows its own way (an inline button,
  // a reply button, a quick reply) and whose press comes back to the flows as a `choice`.
  const text = withLinkLines(fillVariables(picked.text, input.contact), input.buttons);
  return {
    language: picked.language,
    message: {
      chatId: input.chatId,
      text,
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
      ...(input.template ? { businessStart: templateStart(input.template, input.contact, languageOf(input.contact?.language_code)) } : {}),
      ...(input.kind === 'marketing'
        ? { choices: [[{ title: botText(languageOf(input.contact?.language_code), 'unsubscribeButton'), payload: unsubscribePayload }]] }
        : {}),
    },
  };
}
