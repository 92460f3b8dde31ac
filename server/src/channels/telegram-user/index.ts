// The personal Telegram account channel (kind telegram_user): its face.
export { createTelegramUserModule, type TelegramUserModule, type TelegramUserModuleOptions } from './module.ts';
export { telegramUserSecrets, telegramUserKind } from './profile.ts';
