// The bot-flow indicator's strings, merged into the app's translations under the key `flows`.
export const en = {
  running: 'Bot: {{app}} · {{flow}} · step “{{step}}”',
  paused: 'Bot paused at “{{step}}” ({{app}} · {{flow}}): you have the conversation',
  runningHint: 'The bot is leading this customer through a form. Take over to answer yourself; the bot waits at its step.',
  takeOver: 'Take over',
  handBack: 'Hand back to the bot',
  failed: 'Could not change the bot flow: {{reason}}',
};

export const ru: typeof en = {
  running: 'Бот: {{app}} · {{flow}} · шаг «{{step}}»',
  paused: 'Бот на паузе на шаге «{{step}}» ({{app}} · {{flow}}): разговор у вас',
  runningHint: 'Бот ведёт клиента по сценарию. Перехватите, чтобы ответить самим; бот подождёт на своём шаге.',
  takeOver: 'Перехватить',
  handBack: 'Вернуть боту',
  failed: 'Не удалось изменить сценарий бота: {{reason}}',
};
