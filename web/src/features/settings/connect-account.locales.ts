// The Messengers tab's connect form and accounts list, the same for every kind that declares a connect form: strings
// merged under the key `connectAccount` when the settings pages load (app/router.tsx). What names the messenger (the
// title, the intro, each field's label and hint, the list's title) comes from the kind's vocabulary (GET /api/channels/kinds).
export const en = {
  name: 'Name in Switchboard',
  showSecret: 'Show',
  submit: 'Connect',
  status: { created: 'New', authenticating: 'Connecting', active: 'Working', error: 'Error', stopped: 'Stopped' },
  lastError: 'Last error: {{detail}}',
  check: 'Check',
  sync: 'Sync templates',
  syncLabel: 'Sync the message templates of {{name}}',
  synced: 'Message templates synced: {{count}}',
};

export const ru: typeof en = {
  name: 'Название в Switchboard',
  showSecret: 'Показать',
  submit: 'Подключить',
  status: { created: 'Новый', authenticating: 'Подключается', active: 'Работает', error: 'Ошибка', stopped: 'Остановлен' },
  lastError: 'Последняя ошибка: {{detail}}',
  check: 'Проверить',
  sync: 'Обновить шаблоны',
  syncLabel: 'Обновить шаблоны сообщений {{name}}',
  synced: 'Шаблоны сообщений обновлены: {{count}}',
};
