// The payment provider's credentials and the bot payments token, sealed with the app's SecretBox in
// clinic_keys (never returned whole, never logged). Admins set them with PUT /api/clinic/payments-provider.
import { clinicPaymentProvider, type ClinicPaymentProvider } from '@switchboard/contract';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/index.ts';
import { createGatewayProvider } from './payment-providers/gateway.ts';
import type { PaymentProvider } from './payment-providers/provider.ts';
import type { ClinicTables } from './tables.ts';

export const providerConfigSchema = clinicPaymentProvider;
export type ProviderConfig = ClinicPaymentProvider;

const providerKey = 'payment_provider';
const botTokenKey = 'bot_payments_token';

export function createPaymentsConfig(db: Kysely<ClinicTables>, secretBox: SecretBox) {
  async function read(name: string): Promise<string | null> {
    const row = await db.selectFrom('clinic_keys').select('sealed').where('name', '=', name).executeTakeFirst();
    return row ? secretBox.decrypt(row.sealed) : null;
  }
  async function write(name: string, value: string | null): Promise<void> {
    if (value === null) return void (await db.deleteFrom('clinic_keys').where('name', '=', name).execute());
    const sealed = secretBox.encrypt(value);
    await db
      .insertInto('clinic_keys')
      .values({ name, sealed })
      .onConflict((oc) => oc.column('name').doUpdateSet({ sealed }))
      .execute();
  }
  async function providerConfig(): Promise<ProviderConfig | null> {
    const raw = await read(providerKey);
    return raw ? providerConfigSchema.parse(JSON.parse(raw)) : null;
  }
  return {
    providerConfig,
    async provider(): Promise<PaymentProvider | null> {
      const config = await providerConfig();
      return config
        ? createGatewayProvider({ baseUrl: config.base_url, apiKey: config.api_key, webhookSecret: config.webhook_secret })
        : null;
    },
    setProvider: (config: ProviderConfig | null) => write(providerKey, config ? JSON.stringify(config) : null),
    /** The token the bot platform gives for its own payments (from the provider connected to the bot). */
    botPaymentsToken: () => read(botTokenKey),
    setBotPaymentsToken: (token: string | null) => write(botTokenKey, token),
  };
}
export type PaymentsConfig = ReturnType<typeof createPaymentsConfig>;
