import { z } from 'zod';
import type { AmocrmEnvironment } from './amocrm-connection.ts';

const text = (max: number) => z.string().trim().max(max).nullable().default(null);
/** Sealed at rest, masked to admins, kept when a save leaves it empty (platform/app-settings.ts). */
const secret = () => z.string().max(4096).nullable().default(null);

/**
 * The AmoCRM connection set from Settings → Apps; each empty field falls back to its AMOCRM_* variable,
 * so a server configured by the environment (seed 003) keeps working unchanged.
 */
export const amocrmSettingsFields = {
  amocrm_subdomain: text(300)
    .refine((value) => value === null || /^[a-z0-9][a-z0-9-]{0,62}$/i.test(value) || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), {
      message: 'the subdomain (mycompany of mycompany.amocrm.ru) or the full address https://mycompany.amocrm.ru',
    })
    .meta({
      title: 'AmoCRM subdomain',
      description: 'mycompany of mycompany.amocrm.ru (or the full address). Empty: AMOCRM_SUBDOMAIN / AMOCRM_BASE_URL.',
      'x-ru': {
        title: 'Поддомен AmoCRM',
        description: 'mycompany из mycompany.amocrm.ru (или полный адрес). Пусто: из AMOCRM_SUBDOMAIN / AMOCRM_BASE_URL.',
      },
    }),
  amocrm_client_id: text(200).meta({
    title: 'Integration ID (client id)',
    description: 'From AmoCRM → amoMarket → your integration → Keys. Empty: AMOCRM_CLIENT_ID.',
    'x-ru': { title: 'ID интеграции (client id)', description: 'AmoCRM → amoМаркет → ваша интеграция → Ключи. Пусто: AMOCRM_CLIENT_ID.' },
  }),
  amocrm_client_secret: secret().meta({
    title: 'Secret key (client secret)',
    description: 'Stored encrypted, never shown again; leave empty to keep it. Empty and never set: AMOCRM_CLIENT_SECRET.',
    'x-secret': true,
    'x-ru': {
      title: 'Секретный ключ (client secret)',
      description: 'Хранится зашифрованным и больше не показывается; оставьте пустым, чтобы не менять. Не задан: AMOCRM_CLIENT_SECRET.',
    },
  }),
  amocrm_redirect_uri: text(2000).meta({
    title: 'Redirect URI',
    description: "The integration's redirect address: https://<this server>/api/dispatch/amocrm/oauth. Empty: AMOCRM_REDIRECT_URI.",
    'x-ru': {
      title: 'Адрес перенаправления',
      description: 'Адрес перенаправления интеграции: https://<этот сервер>/api/dispatch/amocrm/oauth. Пусто: AMOCRM_REDIRECT_URI.',
    },
  }),
  amocrm_access_token: secret().meta({
    title: 'Long-lived token (private integration)',
    description: 'Used as is instead of OAuth. Stored encrypted; leave empty to keep it. Never set: AMOCRM_ACCESS_TOKEN.',
    'x-secret': true,
    'x-ru': {
      title: 'Долгосрочный токен (приватная интеграция)',
      description: 'Используется вместо OAuth. Хранится зашифрованным; оставьте пустым, чтобы не менять. Не задан: AMOCRM_ACCESS_TOKEN.',
    },
  }),
  amocrm_refresh_token: secret().meta({
    title: 'Refresh token (first authorisation)',
    description: 'Only to start OAuth without the link; later ones are kept by the server. Never set: AMOCRM_REFRESH_TOKEN.',
    'x-secret': true,
    'x-ru': {
      title: 'Refresh-токен (первая авторизация)',
      description: 'Только чтобы начать OAuth без ссылки; следующие сервер хранит сам. Не задан: AMOCRM_REFRESH_TOKEN.',
    },
  }),
};

type FieldValues = { [Name in keyof typeof amocrmSettingsFields]: z.output<(typeof amocrmSettingsFields)[Name]> };

/** The environment with the settings' values laid over it (a subdomain from settings wins over AMOCRM_BASE_URL too). */
export function environmentWithSettings(environment: AmocrmEnvironment, settings: FieldValues): AmocrmEnvironment {
  const site = settings.amocrm_subdomain;
  const where =
    site === null ? {} : /^https?:\/\//.test(site) ? { AMOCRM_BASE_URL: site } : { AMOCRM_BASE_URL: undefined, AMOCRM_SUBDOMAIN: site };
  const given = (value: string | null) => (value === null || value === '' ? undefined : value);
  return {
    ...environment,
    ...where,
    AMOCRM_CLIENT_ID: given(settings.amocrm_client_id) ?? environment.AMOCRM_CLIENT_ID,
    AMOCRM_CLIENT_SECRET: given(settings.amocrm_client_secret) ?? environment.AMOCRM_CLIENT_SECRET,
    AMOCRM_REDIRECT_URI: given(settings.amocrm_redirect_uri) ?? environment.AMOCRM_REDIRECT_URI,
    AMOCRM_ACCESS_TOKEN: given(settings.amocrm_access_token) ?? environment.AMOCRM_ACCESS_TOKEN,
    AMOCRM_REFRESH_TOKEN: given(settings.amocrm_refresh_token) ?? environment.AMOCRM_REFRESH_TOKEN,
  };
}
