// Each feature keeps its own strings next to its code; they join the core strings (lib/locales) here,
// each under its feature's key: t('team.assign'), t('portal.signIn'), …
import * as contacts from '../features/contacts/contacts.locales.ts';
import * as media from '../features/inbox/media.locales.ts';
import * as portal from '../features/portal/portal.locales.ts';
import * as team from '../features/team/team.locales.ts';
import * as tickets from '../features/tickets/tickets.locales.ts';
import { i18next, languages } from '../lib/i18n.ts';

const features = { contacts, media, portal, team, tickets };

for (const language of languages) {
  const bundle = Object.fromEntries(Object.entries(features).map(([key, strings]) => [key, strings[language]]));
  i18next.addResourceBundle(language, 'translation', bundle, true, false);
}
