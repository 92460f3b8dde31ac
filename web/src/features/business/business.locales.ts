// Sub-accounts (businesses that connected a bot to their own messenger account) and the composer's
// "cannot reply" notice; merged into the app's translations by app/translations.ts under the key `business`.
export const en = {
  title: 'Connected business accounts',
  owner: 'Owner: {{name}}',
  since: 'connected {{date}}',
  state: { active: 'enabled', disabled: 'paused', revoked: 'disconnected' },
  canReply: 'can reply',
  readOnly: 'cannot reply',
  rights: 'Rights',
  right: {
    can_reply: 'reply',
    can_read_messages: 'read messages',
    can_delete_sent_messages: 'delete sent messages',
    can_delete_all_messages: 'delete all messages',
    can_edit_name: 'edit name',
    can_edit_bio: 'edit bio',
    can_edit_profile_photo: 'edit profile photo',
    can_edit_username: 'edit username',
    can_change_gift_settings: 'gift settings',
    can_view_gifts_and_stars: 'view gifts and stars',
    can_convert_gifts_to_stars: 'convert gifts',
    can_transfer_and_upgrade_gifts: 'transfer gifts',
    can_transfer_stars: 'transfer stars',
    can_manage_stories: 'manage stories',
  },
  via: 'Replies go as the business account {{name}}',
  connectTitle: 'Telegram Business',
  connectHint:
    'A Telegram Premium account can bring its own private chats here: turn on Business Mode for {{bot}} in @BotFather, then the account owner opens Settings → Telegram Business → Chatbots in Telegram and adds {{bot}}. The account then appears under this bot, with its rights.',
  cannotReply: 'This chat cannot be answered now',
  reason: {
    business_disabled:
      'The business account {{name}} paused the bot in Telegram. Its owner can turn it back on in Settings → Telegram Business → Chatbots.',
    business_revoked:
      'The business account {{name}} disconnected the bot. Ask its owner to connect it again in Settings → Telegram Business → Chatbots.',
    business_no_reply_right:
      'The business account {{name}} lets the bot read but not reply. Its owner can allow replies in Settings → Telegram Business → Chatbots.',
    business_unknown_connection: 'This business connection is not known yet: it appears when Telegram reports it.',
  },
};

export const ru: typeof en = {
  title: 'Подключённые бизнес-аккаунты',
  owner: 'Владелец: {{name}}',
  since: 'подключён {{date}}',
  state: { active: 'включён', disabled: 'приостановлен', revoked: 'отключён' },
  canReply: 'может отвечать',
  readOnly: 'не может отвечать',
  rights: 'Права',
  right: {
    can_reply: 'отвечать',
    can_read_messages: 'читать сообщения',
    can_delete_sent_messages: 'удалять отправленные',
    can_delete_all_messages: 'удалять все сообщения',
    can_edit_name: 'менять имя',
    can_edit_bio: 'менять описание',
    can_edit_profile_photo: 'менять фото профиля',
    can_edit_username: 'менять имя пользователя',
    can_change_gift_settings: 'настройки подарков',
    can_view_gifts_and_stars: 'видеть подарки и звёзды',
    can_convert_gifts_to_stars: 'обменивать подарки',
    can_transfer_and_upgrade_gifts: 'передавать подарки',
    can_transfer_stars: 'переводить звёзды',
    can_manage_stories: 'управлять историями',
  },
  via: 'Ответы уходят от имени бизнес-аккаунта {{name}}',
  connectTitle: 'Telegram для бизнеса',
  connectHint:
    'Аккаунт Telegram Premium может привести сюда свои личные чаты: включите Business Mode для {{bot}} в @BotFather, затем владелец аккаунта открывает в Telegram Настройки → Telegram для бизнеса → Чат-боты и добавляет {{bot}}. Аккаунт появится под этим ботом вместе с его правами.',
  cannotReply: 'Сейчас в этот чат ответить нельзя',
  reason: {
    business_disabled:
      'Бизнес-аккаунт {{name}} приостановил бота в Telegram. Владелец может включить его снова: Настройки → Telegram для бизнеса → Чат-боты.',
    business_revoked:
      'Бизнес-аккаунт {{name}} отключил бота. Попросите владельца подключить его снова: Настройки → Telegram для бизнеса → Чат-боты.',
    business_no_reply_right:
      'Бизнес-аккаунт {{name}} разрешил боту только читать. Владелец может разрешить ответы: Настройки → Telegram для бизнеса → Чат-боты.',
    business_unknown_connection: 'Это бизнес-подключение пока неизвестно: оно появится, когда Telegram сообщит о нём.',
  },
};
