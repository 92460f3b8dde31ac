// Each feature keeps its own strings next to its code; they join the core strings (lib/locales), each under its
// feature's key: t('team.assign'), t('portal.signIn'), … The inbox's features load with the app; the portal's and the
// tickets app's strings load with their pages (router.tsx), so the inbox does not download them.
import * as business from '../features/business/business.locales.ts';
import * as businessDetails from '../features/business-details/business-details.locales.ts';
import * as contacts from '../features/contacts/contacts.locales.ts';
import * as flows from '../features/flows/flows.locales.ts';
import * as media from '../features/inbox/media.locales.ts';
import * as operator from '../features/inbox/operator.locales.ts';
import * as personalAccounts from '../features/personal-accounts/personal-accounts.locales.ts';
import * as profile from '../features/profile/profile.locales.ts';
import * as system from '../features/system/system.locales.ts';
import * as team from '../features/team/team.locales.ts';
import * as whatsappAccounts from '../features/whatsapp-accounts/whatsapp-accounts.locales.ts';
import { addTranslations } from '../lib/i18n.ts';

addTranslations({ business, businessDetails, contacts, flows, media, operator, personalAccounts, profile, system, team, whatsappAccounts });
