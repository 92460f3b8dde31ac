// The one list of people (issue 25): what each app adds to the contacts pages. Registered here, in the composition
// root, because an app's feature already imports the contacts feature and may not be imported back; every part is
// lazy, so nothing of an app loads with the inbox.
import { lazy } from 'react';
import { registerContactExtension } from '../features/contacts/contact-extensions.ts';
import { addTranslations, type Language } from '../lib/i18n.ts';

const ticketsStrings = () =>
  import('../features/tickets/tickets.locales.ts').then((module: Record<Language, object>) => addTranslations({ tickets: module }));

registerContactExtension({
  app: 'tickets',
  Section: lazy(async () => {
    const [module] = await Promise.all([import('../features/tickets/components/ContactPortalSection.tsx'), ticketsStrings()]);
    return { default: module.ContactPortalSection };
  }),
  marks: async (contactIds) => (await import('../features/tickets/people.ts')).portalMarks(contactIds),
  filter: {
    key: 'portal',
    labelKey: 'tickets.people.filter',
    List: lazy(async () => {
      const [module] = await Promise.all([import('../features/tickets/components/PortalPeopleList.tsx'), ticketsStrings()]);
      return { default: module.PortalPeopleList };
    }),
  },
});
