// The operators page's invite links' strings: loaded with that page's chunk (addTranslations), never with the inbox.
import { addTranslations } from '../../lib/i18n.ts';

const en = {
  roles: { admin: 'an admin', operator: 'an operator' },
  invite: 'Invite by link',
  inviteTitle: 'Invite by link',
  inviteHint: 'The link works once, until it expires. Send it to the person yourself: they set their name and password.',
  email: 'E-mail',
  role: 'Role',
  expires: 'Link works for',
  hours: { '24': '1 day', '72': '3 days', '168': '7 days', '720': '30 days' },
  create: 'Make the link',
  link: 'Invite link',
  copy: 'Copy',
  copied: 'Copied',
  close: 'Close',
  pendingTitle: 'Invites',
  expiresAt: 'until {{date}}',
  states: { pending: 'waiting', used: 'joined', expired: 'expired', revoked: 'withdrawn' },
  revoke: 'Withdraw',
  revokeFor: 'Withdraw the invite for {{email}}',
};

const ru: typeof en = {
  roles: { admin: 'администратора', operator: 'оператора' },
  invite: 'Пригласить по ссылке',
  inviteTitle: 'Приглашение по ссылке',
  inviteHint: 'Ссылка работает один раз и до своего срока. Отправьте её человеку сами: имя и пароль он задаст сам.',
  email: 'E-mail',
  role: 'Роль',
  expires: 'Ссылка действует',
  hours: { '24': '1 день', '72': '3 дня', '168': '7 дней', '720': '30 дней' },
  create: 'Создать ссылку',
  link: 'Ссылка-приглашение',
  copy: 'Скопировать',
  copied: 'Скопировано',
  close: 'Закрыть',
  pendingTitle: 'Приглашения',
  expiresAt: 'до {{date}}',
  states: { pending: 'ждёт', used: 'принято', expired: 'истекло', revoked: 'отозвано' },
  revoke: 'Отозвать',
  revokeFor: 'Отозвать приглашение для {{email}}',
};

addTranslations({ invites: { en, ru } });
