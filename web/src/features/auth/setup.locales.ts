// The first-run setup page's strings, under the key `setup`; they load with that page (app/router.tsx).
export const en = {
  title: 'Create the first admin',
  subtitle: 'Nobody has signed up on this server yet.',
  whereIsCode: 'The one-time setup code is in the server log, on the line starting with <code>first run:</code>.',
  code: 'Setup code',
  name: 'Your name',
  passwordHint: 'At least 8 characters.',
  submit: 'Create admin and sign in',
  failed: 'Could not create the admin',
};

export const ru: typeof en = {
  title: 'Первый администратор',
  subtitle: 'На этом сервере ещё никто не зарегистрирован.',
  whereIsCode: 'Одноразовый код установки — в журнале сервера, в строке, которая начинается с <code>first run:</code>.',
  code: 'Код установки',
  name: 'Ваше имя',
  passwordHint: 'Не короче 8 символов.',
  submit: 'Создать администратора и войти',
  failed: 'Не удалось создать администратора',
};
