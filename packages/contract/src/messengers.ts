// seed 000's Messengers tab (/api/messengers/*): a card per messenger family with its switch, from the channel
// modules the server runs plus the seed's cards no module brings yet (is_available false cannot be switched on).
import { z } from 'zod';

/** PUT /api/messengers/settings/:type */
export const messengerSettingParams = z.object({ type: z.string() });

/** PUT /api/messengers/settings/:type: the switch, and for a kind connected by one token, that token. */
export const messengerSettingUpdate = z.object({
  is_enabled: z.boolean().optional(),
  api_token: z.string().trim().min(1).max(200).optional(),
});
export type MessengerSettingUpdate = z.input<typeof messengerSettingUpdate>;

/** One card of GET /api/messengers/settings. */
export interface MessengerSetting {
  /** The messenger family (a module's `messenger`, or a seed card's): the key of paths and filters. */
  type: string;
  name: string;
  is_enabled: boolean;
  is_available: boolean;
  /** Where the default account's token comes from; null: no account behind the switch. */
  token_source: 'env' | 'database' | null;
  api_token_masked: string | null;
}

/** GET /api/messengers/settings (admins). */
export interface MessengerSettings {
  settings: MessengerSetting[];
}

/** GET /api/messengers/enabled: the families switched on, for the sidebar. */
export interface EnabledMessengers {
  enabled_messengers: Array<Pick<MessengerSetting, 'type' | 'name'>>;
}
