// Shared by the clinic's tests: a small clinic as CSV files, and a patient who registers through the bot.
import assert from 'node:assert/strict';
import type { Simulator, SentMessage } from '@switchboard/telegram-sim';
import type { ApiClient } from '../../testing/api-client.ts';

export const clinicCsv = {
  branches:
    'code,name_ru,name_kk,address\ncentral,Центральный филиал,Орталық филиал,"Алматы, Абая 10"\nnorth,Северный филиал,Солтүстік филиал,"Алматы, Сейфуллина 5"\n',
  services:
    'branch_code,code,name_ru,name_kk,duration_minutes,price\ncentral,therapist,Приём терапевта,Терапевт қабылдауы,30,8000\ncentral,ecg,ЭКГ,ЭКГ,60,5000\nnorth,therapist,Приём терапевта,Терапевт қабылдауы,30,7000\n',
  doctors:
    'code,full_name,specialty_ru,specialty_kk,services\nivanova,Иванова Анна Петровна,Терапевт,Терапевт,central/therapist;north/therapist\nseitkali,Сейтқали Ерлан,Терапевт,Терапевт,central/therapist;central/ecg\n',
  // Mondays to Fridays: Иванова 09:00–13:00 with a break 11:00–11:30 at central; Сейтқали 14:00–16:00.
  schedules: `doctor_code,branch_code,weekday,start,end,break_start,break_end,valid_from,valid_to\n${[1, 2, 3, 4, 5]
    .map((weekday) => `ivanova,central,${weekday},09:00,13:00,11:00,11:30,,\nseitkali,central,${weekday},14:00,16:00,,,,`)
    .join('\n')}\n`,
  // Wednesday 6 March 2030 is a holiday; Иванова is on leave on Thursday morning.
  exceptions: 'doctor_code,day,kind,start,end,note\n,2030-03-06,holiday,,,Праздник\nivanova,2030-03-07,leave,09:00,11:00,\n',
};

export async function importClinic(admin: ApiClient): Promise<void> {
  for (const kind of ['branches', 'services', 'doctors', 'schedules', 'exceptions'] as const) {
    const imported = await admin.post(`/api/clinic/import/${kind}`, { csv: clinicCsv[kind] });
    assert.equal(imported.status, 200, `${kind}: ${JSON.stringify(imported.body)}`);
  }
}

export type BotSays = (userId: number, pattern: RegExp) => Promise<SentMessage>;

/** Waits for the bot's next message to that user matching the pattern (text or caption), after the last one this returned. */
export function botSays(sim: Simulator, token: string): BotSays {
  const seen = new Map<number, number>();
  return async (userId, pattern) => {
    const after = seen.get(userId) ?? 0;
    const found = await sim.waitForSent(
      token,
      userId,
      (message) => message.message_id > after && pattern.test(message.text ?? message.caption ?? ''),
      // Generous: the shared test machine can be slow (browser tests run beside these in CI); the wait ends as soon as the message comes.
      60_000,
    );
    seen.set(userId, Math.max(after, found.message_id));
    return found;
  };
}

export function buttons(message: SentMessage): string[] {
  return (message.reply_markup?.inline_keyboard ?? []).flat().map((button) => button.text);
}

/** Registers through the bot in the language given; returns when the main menu is shown. */
export async function registerByBot(
  sim: Simulator,
  token: string,
  says: BotSays,
  user: { id: number },
  patient: { language: 'ru' | 'kk'; first: string; last: string; birth: string; sex: 'M' | 'F'; iin: string; phone?: string },
): Promise<SentMessage> {
  const ru = patient.language === 'ru';
  sim.sendText(token, { from: user.id, text: '/start' });
  const languages = await says(user.id, /Выберите язык/);
  sim.pressButton(token, { from: user.id, message_id: languages.message_id, text: ru ? 'Русский' : 'Қазақша' });
  await says(user.id, ru ? /Как вас зовут/ : /Атыңыз кім/);
  sim.sendText(token, { from: user.id, text: patient.first });
  await says(user.id, ru ? /Напишите фамилию/ : /Тегіңізді жазыңыз/);
  sim.sendText(token, { from: user.id, text: patient.last });
  const patronymic = await says(user.id, ru ? /отчество/ : /Әкеңіздің атын/);
  sim.pressButton(token, { from: user.id, message_id: patronymic.message_id, text: ru ? 'Пропустить' : 'Өткізіп жіберу' });
  await says(user.id, ru ? /Поделитесь номером/ : /телефон нөміріңізбен/);
  if (patient.phone) sim.sendText(token, { from: user.id, text: patient.phone });
  else sim.sendContact(token, { from: user.id, phone_number: '77012345678', first_name: patient.first, user_id: user.id });
  await says(user.id, ru ? /дату рождения/ : /Туған күніңізді/);
  sim.sendText(token, { from: user.id, text: patient.birth.split('-').reverse().join('.') });
  const sex = await says(user.id, ru ? /Укажите пол/ : /Жынысыңызды/);
  sim.pressButton(token, {
    from: user.id,
    message_id: sex.message_id,
    text: patient.sex === 'M' ? (ru ? 'Мужской' : 'Ер') : ru ? 'Женский' : 'Әйел',
  });
  await says(user.id, ru ? /Напишите ИИН/ : /ЖСН жазыңыз/);
  sim.sendText(token, { from: user.id, text: patient.iin });
  for (const pattern of ru
    ? [/персональных данных/, /медицинское вмешательство/, /новости и акции/]
    : [/Дербес деректерді/, /медициналық араласуға/, /жаңалықтары мен акцияларын/]) {
    const ask = await says(user.id, pattern);
    sim.pressButton(token, { from: user.id, message_id: ask.message_id, text: ru ? '✅ Согласен(на)' : '✅ Келісемін' });
  }
  return says(user.id, ru ? /Добро пожаловать в клинику/ : /Клиникаға қош келдіңіз/);
}
