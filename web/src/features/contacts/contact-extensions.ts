import type { ComponentType, LazyExoticComponent } from 'react';

/**
 * What an app adds to the one list of people (issue 25): a section of the contact page, a mark beside a name in
 * the list, and a filter of the list. The contacts feature draws them without knowing the app (features never import
 * their way up: the app's feature already imports this one); the composition root (`app/`) registers them, lazily,
 * so an app's code loads with the contacts pages and never with the inbox.
 */
export interface ContactExtension {
  /** The server app that must run for the extension to show (GET /api/apps). */
  app: string;
  /** A section of the contact page, under the profile and the timeline. */
  Section?: LazyExoticComponent<ComponentType<{ contactId: number }>>;
  /** Marks for a page of the list: contact id → a short label (a translation key) and its colour; contacts without one are left out. */
  marks?: (contactIds: number[]) => Promise<Map<number, ContactMark>>;
  /** A filter of the list ("with portal access"): its own key in `?show=`, its label, and the list it shows. */
  filter?: {
    key: string;
    labelKey: string;
    List: LazyExoticComponent<ComponentType<{ q: string }>>;
  };
}

export interface ContactMark {
  labelKey: string;
  color: string;
}

const registered: ContactExtension[] = [];

export function registerContactExtension(extension: ContactExtension): void {
  registered.push(extension);
}

export function contactExtensions(): readonly ContactExtension[] {
  return registered;
}
