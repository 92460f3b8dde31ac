// The bell's strings (AlertSettings.tsx), added when its chunk loads: the inbox's first load does not carry them.
import { addTranslations } from '../../../lib/i18n.ts';

const en = {
  button: 'Notifications',
  title: 'Tell me about new messages',
  mine: 'In my conversations',
  queue: 'In the unassigned queue',
  mentions: 'When a colleague mentions me',
  sound: 'Play a sound',
  allow: 'Allow browser notifications',
  allowed: 'Browser notifications are on.',
  denied: 'The browser blocks notifications for this site: allow them in its site settings.',
  unsupported: 'This browser cannot show notifications; the sound and the tab title still tell you.',
};

const ru: typeof en = {
  button: 'Уведомления',
  title: 'Сообщать о новых сообщениях',
  mine: 'В моих разговорах',
  queue: 'В очереди без ответственного',
  mentions: 'Когда коллега упоминает меня',
  sound: 'Со звуком',
  allow: 'Разрешить уведомления браузера',
  allowed: 'Уведомления браузера включены.',
  denied: 'Браузер запретил уведомления для этого сайта: разрешите их в настройках сайта.',
  unsupported: 'Этот браузер не показывает уведомления; о новом сообщении скажут звук и заголовок вкладки.',
};

addTranslations({ operatorAlerts: { en, ru } });
