import { z } from 'zod';
import type { AmocrmEnvironment } from './amocrm-connection.ts';

const text = (max: number) => z.string().trim().max(max).nullable().default(null);
/** Sealed at rest, masked to admins, kept when a save leaves it empty (platform/app-settings.ts). */
const secret = () => z.string().max(4096).nullable().default(null);

/**
 * The AmoCRM connection set from Settings → Apps. An AMOCRM_* variable that is set wins over its field (issue 18:
 * "the environment winning": what a deployment pins stays pinned); the form fills in what the environment leaves unset.
 */
export const amocrmSettingsFields = {
  amocrm_subdomain: text(300)
    .refine((value) => value === null || /^[a-z0-9][a-z0-9-]{0,62}$/i.test(value) || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), {
      message: 'the subdomain (mycompany of mycompany.amocrm.ru) or the full address https://mycompany.amocrm.ru',
    })
    .meta({
      title: 'AmoCRM subdomain',
      description: 'mycompany of mycompany.amocrm.ru (or the full address). AMOCRM_SUBDOMAIN / AMOCRM_BASE_URL, when set, win.',
      'x-ru': {
        title: 'Поддомен AmoCRM',
        description: 'mycompany из mycompany.amocrm.ru (или полный адрес). Если заданы AMOCRM_SUBDOMAIN / AMOCRM_BASE_URL, действуют они.',
      },
    }),
  amocrm_client_id: text(200).meta({
    title: 'Integration ID (client id)',
    description: 'From AmoCRM → amoMarket → your integration → Keys. AMOCRM_CLIENT_ID, when set, wins.',
    'x-ru': {
      title: 'ID интеграции (client id)',
      description: 'AmoCRM → amoМаркет → ваша интеграция → Ключи. Если задан AMOCRM_CLIENT_ID, действует он.',
    },
  }),
  amocrm_client_secret: secret().meta({
    title: 'Secret key (client secret)',
    description: 'Stored encrypted, never shown again; leave empty to keep it. AMOCRM_CLIENT_SECRET, when set, wins.',
    'x-secret': true,
    'x-ru': {
      title: 'Секретный ключ (client secret)',
      description:
        'Хранится зашифрованным и больше не показывается; оставьте пустым, чтобы не менять. Если задан AMOCRM_CLIENT_SECRET, действует он.',
    },
  }),
  amocrm_redirect_uri: text(2000).meta({
    title: 'Redirect URI',
    description:
      "The integration's redirect address: https://<this server>/api/dispatch/amocrm/oauth. AMOCRM_REDIRECT_URI, when set, wins.",
    'x-ru': {
      title: 'Адрес перенаправления',
      description:
        'Адрес перенаправления интеграции: https://<этот сервер>/api/dispatch/amocrm/oauth. Если задан AMOCRM_REDIRECT_URI, действует он.',
    },
  }),
  amocrm_access_token: secret().meta({
    title: 'Long-lived token (private integration)',
    description: 'Used as is instead of OAuth. Stored encrypted; leave empty to keep it. AMOCRM_ACCESS_TOKEN, when set, wins.',
    'x-secret': true,
    'x-ru': {
      title: 'Долгосрочный токен (приватная интеграция)',
      description:
        'Используется вместо OAuth. Хранится зашифрованным; оставьте пустым, чтобы не менять. Если задан AMOCRM_ACCESS_TOKEN, действует он.',
    },
  }),
  amocrm_refresh_token: secret().meta({
    title: 'Refresh token (first authorisation)',
    description: 'Only to start OAuth without the link; later ones are kept by the server. AMOCRM_REFRESH_TOKEN, when set, wins.',
    'x-secret': true,
    'x-ru': {
      title: 'Refresh-токен (первая авторизация)',
      description: 'Только чтобы начать OAuth без ссылки; следующие сервер хранит сам. Если задан AMOCRM_REFRESH_TOKEN, действует он.',
    },
  }),
};

type FieldValues = { [Name in keyof typeof amocrmSettingsFields]: z.output<(typeof amocrmSettingsFields)[Name]> };

/** The environment, with the settings' values where it leaves a value unset (a set variable wins). */
export function environmentWithSettings(environment: AmocrmEnvironment, settings: FieldValues): AmocrmEnvironment {
  const given = (value: string | null) => (value === null || value === '' ? undefined : value);
  const site = given(settings.amocrm_subdomain);
  const environmentAddress = environment.AMOCRM_BASE_URL !== undefined || environment.AMOCRM_SUBDOMAIN !== undefined;
  const where =
    environmentAddress || site === undefined ? {} : /^https?:\/\//.test(site) ? { AMOCRM_BASE_URL: site } : { AMOCRM_SUBDOMAIN: site };
  return {
    ...environment,
    ...where,
    AMOCRM_CLIENT_ID: environment.AMOCRM_CLIENT_ID ?? given(settings.amocrm_client_id),
    AMOCRM_CLIENT_SECRET: environment.AMOCRM_CLIENT_SECRET ?? given(settings.amocrm_client_secret),
    AMOCRM_REDIRECT_URI: environment.AMOCRM_REDIRECT_URI ?? given(settings.amocrm_redirect_uri),
    AMOCRM_ACCESS_TOKEN: environment.AMOCRM_ACCESS_TOKEN ?? given(settings.amocrm_access_token),
    AMOCRM_REFRESH_TOKEN: environment.AMOCRM_REFRESH_TOKEN ?? given(settings.amocrm_refresh_token),
  };
}
