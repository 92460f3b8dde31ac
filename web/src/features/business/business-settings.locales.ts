// The settings' part of the business strings (sub-accounts under a bot, how to connect one), joined under `business`
// with the composer notice's strings (business.locales.ts) when the settings pages load (app/router.tsx).
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
  connectTitle: 'Telegram Business',
  connectHint:
    'A Telegram Premium account can bring its own private chats here: turn on Business Mode for {{bot}} in @BotFather, then the account owner opens Settings → Telegram Business → Chatbots in Telegram and adds {{bot}}. The account then appears under this bot, with its rights.',
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
  connectTitle: 'Telegram для бизнеса',
  connectHint:
    'Аккаунт Telegram Premium может привести сюда свои личные чаты: включите Business Mode для {{bot}} в @BotFather, затем владелец аккаунта открывает в Telegram Настройки → Telegram для бизнеса → Чат-боты и добавляет {{bot}}. Аккаунт появится под этим ботом вместе с его правами.',
};
