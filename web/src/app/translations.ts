// Each feature keeps its own strings next to its code; they join the core strings (lib/locales), each under its
// feature's key: t('team.assign'), t('portal.signIn'), … The inbox's features load with the app; the portal's, the
// tickets app's and the settings/profile/setup pages' strings load with their pages (router.tsx), so the inbox does
// not download them.
import * as business from '../features/business/business.locales.ts';
import * as contacts from '../features/contacts/contacts.locales.ts';
import * as flows from '../features/flows/flows.locales.ts';
import * as media from '../features/inbox/media.locales.ts';
import * as operator from '../features/inbox/operator.locales.ts';
import * as team from '../features/team/team.locales.ts';
import { addTranslations } from '../lib/i18n.ts';

addTranslations({ business, contacts, flows, media, operator, team });
