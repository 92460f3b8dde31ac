// The invite page's strings: loaded with its chunk (addTranslations), never with the inbox.
import { addTranslations } from '../../lib/i18n.ts';

const en = {
  title: 'Join the team',
  subtitle: 'You were invited to Switchboard as {{role}} with the e-mail {{email}}. Choose your name and a password.',
  name: 'Your name',
  password: 'Password',
  passwordHint: 'At least 8 characters.',
  confirm: 'Repeat the password',
  mismatch: 'The passwords differ.',
  join: 'Join',
  goneTitle: 'This invite link no longer works',
  notFound: 'There is no such invite link. Check that it was copied whole, or ask an admin for a new one.',
  signIn: 'Go to sign-in',
  roles: { admin: 'an admin', operator: 'an operator' },
};

const ru: typeof en = {
  title: 'Вход в команду',
  subtitle: 'Вас пригласили в Switchboard как {{role}} с e-mail {{email}}. Укажите имя и придумайте пароль.',
  name: 'Ваше имя',
  password: 'Пароль',
  passwordHint: 'Не короче 8 символов.',
  confirm: 'Повторите пароль',
  mismatch: 'Пароли не совпадают.',
  join: 'Войти в команду',
  goneTitle: 'Эта ссылка-приглашение больше не работает',
  notFound: 'Такой ссылки-приглашения нет. Проверьте, что она скопирована целиком, или попросите у администратора новую.',
  signIn: 'Перейти ко входу',
  roles: { admin: 'администратора', operator: 'оператора' },
};

addTranslations({ invite: { en, ru } });
