// Connecting an Instagram professional account: strings merged under the key `instagramAccounts` when the settings pages
// load (app/router.tsx). The hints under each field come from the server's vocabulary for the kind (GET /api/channels/kinds).
export const en = {
  add: 'Add Instagram account',
  title: 'Connect an Instagram professional account (Instagram API with Instagram login)',
  intro:
    'Needs a Meta app with the Instagram product and the account added on its API setup page. After connecting, set the app’s webhook to {{url}} with the same verify token and subscribe to "messages", "message_reactions" and "messaging_seen".',
  name: 'Name in Switchboard',
  instagram_account_id: 'Instagram account ID',
  access_token: 'Access token',
  app_secret: 'Instagram app secret',
  verify_token: 'Verify token',
  showSecret: 'Show',
  submit: 'Connect',
  failed: 'The account was not connected',
  added: 'Instagram account {{name}} connected',
};

export const ru: typeof en = {
  add: 'Добавить аккаунт Instagram',
  title: 'Подключить профессиональный аккаунт Instagram (Instagram API со входом через Instagram)',
  intro:
    'Нужно приложение Meta с продуктом Instagram и аккаунт, добавленный на его странице API setup. После подключения укажите в приложении вебхук {{url}} с тем же маркером проверки и подпишитесь на «messages», «message_reactions» и «messaging_seen».',
  name: 'Название в Switchboard',
  instagram_account_id: 'ID аккаунта Instagram',
  access_token: 'Маркер доступа',
  app_secret: 'Секрет приложения Instagram',
  verify_token: 'Маркер проверки',
  showSecret: 'Показать',
  submit: 'Подключить',
  failed: 'Аккаунт не подключён',
  added: 'Аккаунт Instagram {{name}} подключён',
};
