// The personal Telegram account channel module (MTProto through mtcute): the
// one object main.ts registers. See README.md in this folder for what is
// proven against the network stub and what has not met real Telegram.
import type { Db, Logger, SecretBox } from '../../platform/index.ts';
import { ChannelError, type AccountIdentity, type ChannelAdapter, type IntakeMode, type IntakeSink } from '../channel.ts';
import type { AnyChannelModule, ChannelAccounts } from '../module.ts';
import { createAccountActions } from './actions.ts';
import { createLeaseLookup } from './leases.ts';
import { createLogin } from './login.ts';
import { createMessagePeers } from './message-peers.ts';
import { telegramNetwork, type TelegramNetwork } from './network.ts';
import { identifyJournaled, normalizeJournaled } from './normalize.ts';
import {
  decodeTelegramUserCredentials,
  defaultTelegramUserPacing,
  encodeTelegramUserCredentials,
  telegramUserCapabilities,
  telegramUserContactLinks,
  telegramUserCredentials,
  telegramUserKind,
  telegramUserRateLimits,
  telegramUserSecrets,
  telegramUserSettings,
  telegramUserVocabulary,
  type TelegramUserPacing,
} from './profile.ts';
import { createRuntime } from './runtime.ts';
import { createSessionStore } from './session-store.ts';

export interface TelegramUserModuleOptions {
  db: Db;
  secretBox: SecretBox;
  sink: IntakeSink;
  logger: Logger;
  accounts: ChannelAccounts;
  /** Telegram itself unless a test passes the network stub. */
  network?: TelegramNetwork;
  pacing?: Partial<TelegramUserPacing>;
  /** This instance (channel_leases.instance_id): health names another instance that holds the account. */
  instanceId?: string;
}

export function createTelegramUserModule(options: TelegramUserModuleOptions) {
  const pacing = { ...defaultTelegramUserPacing, ...options.pacing };
  const store = createSessionStore(options);
  const runtime = createRuntime({
    network: options.network ?? telegramNetwork,
    store,
    sink: options.sink,
    logger: options.logger,
    accounts: options.accounts,
    pacing,
    peers: createMessagePeers(options),
    leases: createLeaseLookup(options.db, options.instanceId),
  });
  const login = createLogin({
    store,
    accounts: options.accounts,
    clientFor: (channel) => runtime.connection(channel).client,
    close: runtime.close,
  });
  const actions = createAccountActions({ liveClient: runtime.liveClient, recordOwnDeletion: runtime.recordOwnDeletion });
  const adapter: ChannelAdapter = {
    kind: telegramUserKind,
    // Before the login there is nothing to ask Telegram: the phone number is the account's identity until then.
    async verifyCredentials(credentials: string): Promise<AccountIdentity> {
      const parsed = telegramUserCredentials.safeParse(decodeTelegramUserCredentials(credentials));
      if (!parsed.success) throw new ChannelError('INVALID_INPUT', parsed.error.issues.map((issue) => issue.message).join(' '));
      const phone = parsed.data.phone_number.replace(/^\+?/, '+');
      return { externalId: `phone:${phone}`, username: null, displayName: phone };
    },
    identifyUpdate: identifyJournaled,
    normalize: normalizeJournaled,
    dispatch: async () => undefined,
    send: (channel, message) => runtime.send(channel, message),
    sendTyping: (channel, chatId) => runtime.sendTyping(channel, chatId),
    startIntake: (channel) => runtime.startIntake(channel),
    stopIntake: (channelId) => runtime.stopIntake(channelId),
    stopAll: () => runtime.stopAll(),
    editMessage: actions.editMessage,
    deleteMessages: actions.deleteMessages,
    setReactions: actions.setReactions,
    downloadFile: actions.downloadFile,
    health: (channel) => runtime.health(channel),
    // A started chat's first message is an ordinary send: the new-chats-a-day quota and the PEER_FLOOD pause apply.
    findPerson: actions.findPerson,
  };
  return {
    kind: telegramUserKind,
    messenger: 'telegram',
    accountType: 'user',
    vocabulary: telegramUserVocabulary,
    credentials: { schema: telegramUserCredentials, encode: encodeTelegramUserCredentials },
    settings: telegramUserSettings,
    capabilities: telegramUserCapabilities,
    contactLinks: telegramUserContactLinks,
    rateLimits: telegramUserRateLimits(pacing),
    intake: {
      // The MTProto connection is the account's "poller": exactly one instance holds it.
      modes: ['polling'] as const,
      defaultMode: (): IntakeMode => 'polling',
      leasedModes: ['polling'] as const,
    },
    secrets: telegramUserSecrets,
    adapter,
    login,
    /** Who a phone number or @username is (starting a new chat). */
    findPerson: actions.findPerson,
    /** For tests and the try-out script: wait until received updates are journaled. */
    drained: runtime.drained,
  } satisfies AnyChannelModule & { drained(channelId: number): Promise<void>; findPerson: unknown };
}

export type TelegramUserModule = ReturnType<typeof createTelegramUserModule>;
