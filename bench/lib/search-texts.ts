// Message texts for the search scenario: Russian and English sentences built
// from fragments with a skewed vocabulary (a few words in a fifth of all
// messages, most in a few thousand), and now and then the customer's phone,
// username or an order number, as a real inbox has them.
import { sqlArray } from './inbox-seed.ts';

const openings = [
  'Здравствуйте!',
  'Добрый день,',
  'Hello,',
  'Hi there,',
  'Спасибо,',
  'Подскажите, пожалуйста,',
  'Good morning,',
  'Извините за беспокойство,',
  'Thanks a lot,',
  'Уточните, пожалуйста,',
  'Привет!',
  'Excuse me,',
];
const middles = [
  'можно записаться на завтра?',
  'is my order ready?',
  'всё получила, большое спасибо',
  'сколько стоит консультация специалиста?',
  'can I move my appointment to Friday at 15:00?',
  'подскажите адрес филиала на Абая',
  'ваша запись подтверждена на 12:30',
  'where can I download the invoice?',
  'счёт отправлен на почту, проверьте пожалуйста',
  'мы перезвоним вам в течение часа',
  'the delivery was late again',
  'курьер не приехал, заказ до сих пор не доставлен',
  'please send the receipt to my email',
  'хочу вернуть товар, он не подошёл по размеру',
  'what are your opening hours on Sunday?',
  'оплата прошла, но статус не изменился',
  'the parcel arrived damaged',
  'можно оплатить картой при получении?',
  'I would like to cancel my subscription',
  'передайте мастеру, что я опоздаю на десять минут',
  'does the price include shipping?',
  'у вас есть скидки для постоянных клиентов?',
  'my password reset link does not work',
  'пришлите, пожалуйста, фото прайса',
];
// Ordered from common to rare: the vocabulary index is skewed towards the start.
const vocabulary = [
  'заказ',
  'order',
  'доставка',
  'payment',
  'вопрос',
  'question',
  'запись',
  'booking',
  'скидка',
  'discount',
  'мастер',
  'manager',
  'консультация',
  'refund',
  'возврат',
  'warranty',
  'гарантия',
  'invoice',
  'квитанция',
  'schedule',
  'расписание',
  'address',
  'адрес',
  'receipt',
  'чек',
  'courier',
  'курьер',
  'package',
  'посылка',
  'coupon',
  'купон',
  'subscription',
  'подписка',
  'appointment',
  'приём',
  'voucher',
  'сертификат',
  'complaint',
  'жалоба',
  'feedback',
  'отзыв',
  'installment',
  'рассрочка',
  'upgrade',
  'обновление',
  'pickup',
  'самовывоз',
  'storage',
  'хранение',
  'exchange',
  'обмен',
  'tracking',
  'отслеживание',
  'insurance',
  'страховка',
  'membership',
  'абонемент',
  'translation',
  'перевод',
  'veterinarian',
  'ветеринар',
  'orthodontist',
  'ортодонт',
  'pedicure',
  'педикюр',
  'balayage',
  'колорирование',
  'upholstery',
  'перетяжка',
  'thermostat',
  'терморегулятор',
  'chandelier',
  'люстра',
  'carburetor',
  'карбюратор',
];
const closings = [
  '',
  'Спасибо!',
  'Thank you!',
  'Жду ответа.',
  'Best regards.',
  'Хорошего дня!',
  'Please reply soon.',
  'Очень срочно.',
  '',
  '',
];

/**
 * SQL for one message's text over `c` (conversation) and `k` (its n-th message): an opening, a middle, one
 * vocabulary word (index skewed by a cube, so the first words are in ~20 % of messages and the last in ~0.3 %),
 * a closing; every 50th carries the contact's phone as stored on the contact, every 40th its @username,
 * every 7th an order number.
 */
export function searchMessageText(contactBase: number): string {
  const h = `((c.id::bigint * 7919 + k * 104729) % 1000003)`;
  const n = `(c.contact_id - ${contactBase})`;
  const pick = (values: string[], index: string) => `(${sqlArray(values)})[1 + (${index}) % ${values.length}]`;
  const word = `(${sqlArray(vocabulary)})[1 + floor(${vocabulary.length} * power(((${h} * 31) % 1000) / 1000.0, 3))::int]`;
  return `concat_ws(' ', ${pick(openings, `${h} / 7`)}, ${pick(middles, `${h} / 3`)}, ${word},
    CASE WHEN ${h} % 7 = 2 THEN 'заказ №' || (c.id * 13 + k) END,
    CASE WHEN ${h} % 50 = 0 THEN 'мой номер +7 70' || lpad((${n}::bigint * 7919 % 10000000)::text, 7, '0') END,
    CASE WHEN ${h} % 40 = 1 THEN 'пишите @client_' || ${n} END,
    nullif(${pick(closings, `${h} / 11`)}, ''))`;
}

/** The contact n's phone as the seed writes it. */
export const seededPhone = (n: number) => `+7 70${String((n * 7919) % 10_000_000).padStart(7, '0')}`;

/** What the scenario searches for, by kind: each a realistic query an operator types. */
export const searchTerms: Record<string, string[]> = {
  ru_word: ['доставлен', 'консультации', 'ортодонт', 'квитанцию'],
  en_word: ['invoice', 'deliveries', 'carburetor', 'refund'],
  prefix: ['подтвер', 'перетя', 'subscr', 'chandel'],
  phrase: ['"адрес филиала"', '"order ready"', '"курьер не приехал"', '"opening hours"'],
  phone: [
    seededPhone(4242),
    seededPhone(777),
    '+7 70' +
      String((1234 * 7919) % 10_000_000)
        .padStart(7, '0')
        .slice(0, 4),
  ],
  username: ['client_4242', '@client_777', 'client_123'],
};
