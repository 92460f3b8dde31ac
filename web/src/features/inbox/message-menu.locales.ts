// The message menu's strings (an operator's own sent message: change, delete), under the key `messageMenu`: they
// load with the menu (components/MessageMenu.tsx, on demand), not with the inbox.
import { addTranslations } from '../../lib/i18n.ts';

export const en = {
  open: 'Message actions',
  edit: 'Edit',
  delete: 'Delete for everyone',
  editTitle: 'Edit the message',
  save: 'Save',
  cancel: 'Cancel',
  deleteTitle: 'Delete the message?',
  deleteText: 'It disappears for the customer too. The inbox keeps it, marked deleted.',
  confirmDelete: 'Delete',
};

export const ru: typeof en = {
  open: 'Действия с сообщением',
  edit: 'Изменить',
  delete: 'Удалить у всех',
  editTitle: 'Изменить сообщение',
  save: 'Сохранить',
  cancel: 'Отмена',
  deleteTitle: 'Удалить сообщение?',
  deleteText: 'Оно исчезнет и у клиента. Во входящих оно останется с пометкой «удалено».',
  confirmDelete: 'Удалить',
};

addTranslations({ messageMenu: { en, ru } });
