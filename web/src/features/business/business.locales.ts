// The composer's "cannot reply" notice; merged into the app's translations by app/translations.ts under the key `business`.
// The sub-accounts' strings (settings) are in business-settings.locales.ts and load with the settings pages.
export const en = {
  via: 'Replies go as the business account {{name}}',
  cannotReply: 'This chat cannot be answered now',
  reason: {
    business_disabled:
      'The business account {{name}} paused the bot in Telegram. Its owner can turn it back on in Settings → Telegram Business → Chatbots.',
    business_revoked:
      'The business account {{name}} disconnected the bot. Ask its owner to connect it again in Settings → Telegram Business → Chatbots.',
    business_no_reply_right:
      'The business account {{name}} lets the bot read but not reply. Its owner can allow replies in Settings → Telegram Business → Chatbots.',
    business_unknown_connection: 'This business connection is not known yet: it appears when Telegram reports it.',
    window_closed:
      'The customer has not written within the messenger’s reply window: a free-form reply can go only after they write again.',
  },
};

export const ru: typeof en = {
  via: 'Ответы уходят от имени бизнес-аккаунта {{name}}',
  cannotReply: 'Сейчас в этот чат ответить нельзя',
  reason: {
    business_disabled:
      'Бизнес-аккаунт {{name}} приостановил бота в Telegram. Владелец может включить его снова: Настройки → Telegram для бизнеса → Чат-боты.',
    business_revoked:
      'Бизнес-аккаунт {{name}} отключил бота. Попросите владельца подключить его снова: Настройки → Telegram для бизнеса → Чат-боты.',
    business_no_reply_right:
      'Бизнес-аккаунт {{name}} разрешил боту только читать. Владелец может разрешить ответы: Настройки → Telegram для бизнеса → Чат-боты.',
    business_unknown_connection: 'Это бизнес-подключение пока неизвестно: оно появится, когда Telegram сообщит о нём.',
    window_closed:
      'Клиент давно не писал, и окно ответа мессенджера закрыто: обычный ответ можно отправить, только когда он напишет снова.',
  },
};
