// seed 000's Messengers tab: a card per messenger with its switch. Messengers
// come from the channel modules; the seed's other cards stay until a module
// brings them (WhatsApp's switch alone turns on click-to-chat buttons).
import {
  messengerSettingParams,
  messengerSettingUpdate,
  type EnabledMessengers,
  type MessengerSetting,
  type MessengerSettings,
} from '@switchboard/contract';
import { HttpError, platformTables, readSetting, unprocessable, writeSetting, type Db, type HttpApp } from '../platform/index.ts';
import type { AnyChannelModule, ChannelModules } from './module.ts';
import type { ChannelRegistry } from './registry.service.ts';

/** Seed 000's cards that no module provides yet: `is_available` false cannot be switched on. */
const seedCardsWithoutModule = [
  { type: 'whatsapp', name: 'WhatsApp', is_available: true },
  { type: 'instagram', name: 'Instagram', is_available: false },
  { type: 'tiktok', name: 'TikTok', is_available: false },
] as const;
const messengerSwitchesKey = 'messenger_switches';

interface Card {
  type: string;
  name: string;
  is_available: boolean;
  /** The kind whose default account the card's switch and token stand for. */
  module?: AnyChannelModule;
}

function cards(modules: ChannelModules): Card[] {
  const fromModules = new Map<string, Card>();
  for (const module of modules.list()) {
    if (!fromModules.has(module.messenger))
      fromModules.set(module.messenger, { type: module.messenger, name: module.vocabulary.en.messengerName, is_available: true, module });
  }
  return [...fromModules.values(), ...seedCardsWithoutModule.filter((card) => !fromModules.has(card.type))];
}

/** Every messenger this server names in paths and filters: the modules' and the seed's other cards. */
export function messengerTypes(modules: ChannelModules): string[] {
  return cards(modules).map((card) => card.type);
}

async function readSwitches(db: Db): Promise<Record<string, boolean>> {
  return (await readSetting<Record<string, boolean>>(platformTables(db), messengerSwitchesKey)) ?? {};
}

export function registerMessengerRoutes(
  app: HttpApp,
  { registry, db, modules }: { db: Db; registry: ChannelRegistry; modules: ChannelModules },
): void {
  const tags = ['messengers'];
  /** The module whose default account the card's switch stands for; none while a module that takes more than a
   *  token has no account yet — then the switch is seed 000's click-to-chat one. */
  async function moduleBehind(card: Card): Promise<AnyChannelModule | undefined> {
    if (!card.module || card.module.credentials.apiTokenField) return card.module;
    return (await registry.defaultChannel(card.module.kind)) ? card.module : undefined;
  }
  async function settingsOf(card: Card): Promise<MessengerSetting> {
    const { type, name, is_available: isAvailable } = card;
    const module = await moduleBehind(card);
    if (!module)
      return {
        type,
        name,
        is_enabled: (await readSwitches(db))[type] === true,
        is_available: isAvailable,
        token_source: null,
        api_token_masked: null,
      };
    const channel = await registry.defaultChannel(module.kind);
    const row = channel ? await registry.row(channel.id) : undefined;
    return {
      type,
      name,
      is_enabled: Boolean(row?.is_enabled),
      is_available: true,
      token_source: row ? (row.token_from_env ? 'env' : 'database') : null,
      api_token_masked: row?.credentials_hint ?? null,
    };
  }

  app.get(
    '/api/messengers/settings',
    { config: { access: 'admin' }, schema: { tags, summary: 'Every messenger with its switch (seed 000)' } },
    async (): Promise<MessengerSettings> => ({
      settings: await Promise.all(cards(modules).map(settingsOf)),
    }),
  );

  app.get(
    '/api/messengers/enabled',
    { schema: { tags, summary: 'Messengers switched on, for the sidebar (seed 000)' } },
    async (): Promise<EnabledMessengers> => {
      const all = await Promise.all(cards(modules).map(settingsOf));
      return { enabled_messengers: all.filter((item) => item.is_enabled).map(({ type, name }) => ({ type, name })) };
    },
  );

  app.put(
    '/api/messengers/settings/:type',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Switch a messenger on or off; with a module, set its default account's token (seed 000)",
        params: messengerSettingParams,
        body: messengerSettingUpdate,
      },
    },
    async (request) => {
      const all = cards(modules);
      const card = all.find((item) => item.type === request.params.type);
      if (!card)
        throw new HttpError(
          404,
          'not_found',
          `Unknown messenger "${request.params.type}": use ${all.map((item) => item.type).join(', ')}.`,
        );
      if (!card.is_available && request.body.is_enabled)
        throw unprocessable(`${card.name} is not built yet, so it cannot be switched on.`, 'not_available');
      const module = await moduleBehind(card);
      if (module) await applyToDefaultAccount(module, request.body);
      else if (card.module && request.body.api_token)
        throw unprocessable(
          `${card.name} takes more than a token: connect it in Settings → Messengers (POST /api/accounts).`,
          'token_not_enough',
        );
      else if (request.body.is_enabled !== undefined)
        await writeSetting(platformTables(db), messengerSwitchesKey, { ...(await readSwitches(db)), [card.type]: request.body.is_enabled });
      return settingsOf(card);
    },
  );

  async function applyToDefaultAccount(module: AnyChannelModule, body: { is_enabled?: boolean; api_token?: string }): Promise<void> {
    let channel = await registry.defaultChannel(module.kind);
    if (body.api_token) {
      const field = module.credentials.apiTokenField;
      if (!field)
        throw unprocessable(
          `${module.vocabulary.en.accountName} takes more than a token: connect it in Settings → Messengers (POST /api/accounts).`,
          'token_not_enough',
        );
      const token = module.credentials.encode({ [field]: body.api_token });
      if (channel) await registry.update(channel.id, { token });
      else await registry.create({ kind: module.kind, name: module.vocabulary.en.accountName, token });
      channel = await registry.defaultChannel(module.kind);
    }
    if (body.is_enabled !== undefined) {
      if (!channel)
        throw unprocessable(
          `Give the ${module.vocabulary.en.accountName}'s token ("api_token") to switch ${module.vocabulary.en.messengerName} on.`,
          'token_required',
        );
      await registry.update(channel.id, { isEnabled: body.is_enabled });
    }
  }
}
