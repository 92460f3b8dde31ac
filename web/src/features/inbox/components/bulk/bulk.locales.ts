// The bulk bar's strings: added when its chunk loads, so the inbox's first load does not carry them.
import { addTranslations } from '../../../../lib/i18n.ts';

const en = {
  selected: '{{n}} selected',
  selectAll: 'Select all shown',
  assign: 'Assign',
  assignMe: 'To me',
  assignTo: 'To {{name}}',
  unassign: 'Back to the queue',
  toTeam: "To a team's queue",
  teamQueue: 'Queue: {{name}}',
  label: 'Label',
  noLabels: 'No labels yet',
  snooze: 'Snooze',
  snoozeHour: 'For an hour',
  snoozeTomorrow: 'Until tomorrow 9:00',
  snoozeReply: 'Until the customer writes',
  resolve: 'Resolve',
  cancel: 'Stop selecting',
  done: 'Conversations changed: {{n}}',
  refused: 'Left unchanged: {{n}}. {{reason}}',
};

const ru: typeof en = {
  selected: 'Выбрано: {{n}}',
  selectAll: 'Выбрать все показанные',
  assign: 'Назначить',
  assignMe: 'Себе',
  assignTo: '{{name}}',
  unassign: 'Вернуть в очередь',
  toTeam: 'В очередь команды',
  teamQueue: 'Очередь «{{name}}»',
  label: 'Метка',
  noLabels: 'Меток пока нет',
  snooze: 'Отложить',
  snoozeHour: 'На час',
  snoozeTomorrow: 'До завтра, 9:00',
  snoozeReply: 'До ответа клиента',
  resolve: 'Решить',
  cancel: 'Закончить выбор',
  done: 'Изменено разговоров: {{n}}',
  refused: 'Осталось без изменений: {{n}}. {{reason}}',
};

addTranslations({ bulk: { en, ru } });
