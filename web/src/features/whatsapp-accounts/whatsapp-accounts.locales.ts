// Connecting a WhatsApp Business number: strings merged under the key `whatsappAccounts` when the settings pages load (app/router.tsx).
// The hints under each field come from the server's vocabulary for the kind (GET /api/channels/kinds).
export const en = {
  add: 'Add WhatsApp number',
  title: 'Connect a WhatsApp Business number (Cloud API)',
  intro:
    'Needs a Meta app with the WhatsApp product. After connecting, set the app’s webhook to {{url}} with the same verify token and subscribe to "messages".',
  name: 'Name in Switchboard',
  phone_number_id: 'Phone number ID',
  waba_id: 'WhatsApp Business Account ID',
  access_token: 'Access token',
  app_secret: 'App secret',
  verify_token: 'Verify token',
  showSecret: 'Show',
  submit: 'Connect',
  failed: 'The number was not connected',
  added: 'WhatsApp number {{name}} connected',
  numbers: 'Cloud API numbers',
  none: 'No number connected: contact panels offer click-to-chat links (wa.me) instead.',
  status: { created: 'New', authenticating: 'Connecting', active: 'Working', error: 'Error', stopped: 'Stopped' },
  lastError: 'Last error: {{detail}}',
};

export const ru: typeof en = {
  add: 'Добавить номер WhatsApp',
  title: 'Подключить номер WhatsApp Business (Cloud API)',
  intro:
    'Нужно приложение Meta с продуктом WhatsApp. После подключения укажите в нём вебхук {{url}} с тем же маркером проверки и подпишитесь на «messages».',
  name: 'Название в Switchboard',
  phone_number_id: 'ID номера телефона',
  waba_id: 'ID аккаунта WhatsApp Business',
  access_token: 'Маркер доступа',
  app_secret: 'Секрет приложения',
  verify_token: 'Маркер проверки',
  showSecret: 'Показать',
  submit: 'Подключить',
  failed: 'Номер не подключён',
  added: 'Номер WhatsApp {{name}} подключён',
  numbers: 'Номера Cloud API',
  none: 'Номер не подключён: в карточках контактов вместо этого есть ссылки click-to-chat (wa.me).',
  status: { created: 'Новый', authenticating: 'Подключается', active: 'Работает', error: 'Ошибка', stopped: 'Остановлен' },
  lastError: 'Последняя ошибка: {{detail}}',
};
