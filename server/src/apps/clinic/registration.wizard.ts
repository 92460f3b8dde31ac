// Registration (seed 004): language → first name → last name → patronymic → phone → birth date → sex
// → IIN → consents → main menu. The IIN travels sealed in the wizard's data; the patient is written
// only once the two required consents are given.
import { defineWizard, type Choice, type FlowEvent, type FlowReply, type StepContext } from '../app.ts';
import { calendarDate, checkIin } from './iin.ts';
import { mainMenu } from './menu.ts';
import type { Patients } from './patients.ts';
import type { PatientLanguage } from './tables.ts';
import { text, type ClinicTextKey } from './texts.ts';

export interface RegistrationData {
  language: PatientLanguage;
  firstName?: string;
  lastName?: string;
  patronymic?: string | null;
  phone?: string;
  birthDate?: string;
  sex?: 'M' | 'F';
  iinSealed?: string;
  personalData?: boolean;
  medical?: boolean;
}

type Ctx = StepContext<RegistrationData>;
type Answer = Ctx & { event: FlowEvent };

const say = (data: RegistrationData, key: ClinicTextKey, values?: Record<string, string | number>): FlowReply => ({
  type: 'text',
  text: text(data.language, key, values),
});
const ask = (data: RegistrationData, key: ClinicTextKey, rows: Choice[][]): FlowReply => ({
  type: 'choices',
  text: text(data.language, key),
  rows,
});
const typed = (event: FlowEvent) => (event.type === 'message' ? event.text.trim() : undefined);
const chosen = (event: FlowEvent) => (event.type === 'choice' ? event.payload : undefined);

/** Letters (any script), spaces, hyphens and apostrophes; 1–60 characters. */
export function cleanName(raw: string | undefined): string | undefined {
  const name = raw?.replace(/\s+/g, ' ').trim();
  return name && name.length <= 60 && /^[\p{L}][\p{L}\p{M} '’-]*$/u.test(name) ? name : undefined;
}

/** A phone as E.164; Kazakhstan's 8 7xx … and 7xx … forms become +7 7xx …. */
export function normalisePhone(raw: string): string | undefined {
  let digits = raw.replace(/[\s()\-.]/g, '');
  const plus = digits.startsWith('+');
  digits = digits.replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) return undefined;
  if (!plus && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (!plus && digits.length === 10 && digits.startsWith('7')) digits = `7${digits}`;
  return digits.length >= 10 && digits.length <= 15 ? `+${digits}` : undefined;
}

/** DD.MM.YYYY (also with / or -) → YYYY-MM-DD, for a date in the past 130 years. */
export function parseBirthDate(raw: string, today: Date): string | undefined {
  const match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(raw.trim());
  if (!match) return undefined;
  const date = calendarDate(Number(match[3]), Number(match[2]), Number(match[1]));
  const todayDay = today.toISOString().slice(0, 10);
  return date && date <= todayDay && Number(match[3]) >= today.getUTCFullYear() - 130 ? date : undefined;
}

export function createRegistrationWizard(deps: {
  patients: Patients;
  seal(value: string): string;
  unseal(value: string): string;
  clock(): Date;
  /** Staff accepted this IIN for exactly this birth date and sex (patient-admin.ts): a mismatch is let through. */
  iinOverridden?(iin: string, entered: { birthDate: string; sex: 'M' | 'F' }): Promise<boolean>;
  /** After the patient is written and linked (the inbox contact gets their name and phone). */
  registered?(patientId: number, chat: { channelId: number; chatId: string }): Promise<void>;
}) {
  const { patients } = deps;
  const consentRows = (data: RegistrationData) => [
    [
      { title: text(data.language, 'agree'), payload: 'consent:yes' },
      { title: text(data.language, 'decline'), payload: 'consent:no' },
    ],
  ];

  async function finish(context: Answer, data: RegistrationData, marketing: boolean) {
    const { origin } = context;
    const iin = deps.unseal(data.iinSealed!);
    const patient = await patients.upsert({
      iin,
      birthDate: data.birthDate!,
      sex: data.sex!,
      firstName: data.firstName!,
      lastName: data.lastName!,
      patronymic: data.patronymic,
      phone: data.phone,
      language: data.language,
    });
    await patients.linkChat(patient.id, { channelId: origin.channel.id, externalUserId: origin.sender!.externalId, chatId: origin.chatId });
    for (const [kind, granted] of [
      ['personal_data', true],
      ['medical', true],
      ['marketing', marketing],
    ] as const)
      await patients.recordConsent(patient.id, kind, granted, origin.channel.id);
    await deps.registered?.(patient.id, { channelId: origin.channel.id, chatId: origin.chatId });
    return { finish: [say(data, 'registered', { name: data.firstName! }), ...mainMenu(data.language)] };
  }

  return defineWizard<RegistrationData>({
    name: 'registration',
    timeoutMs: 30 * 60_000,
    firstStep: 'language',
    steps: {
      language: {
        prompt: ({ data }) => [
          ask(data, 'chooseLanguage', [
            [
              { title: 'Русский', payload: 'lang:ru' },
              { title: 'Қазақша', payload: 'lang:kk' },
            ],
          ]),
        ],
        answer: ({ event, data }) => {
          const payload = chosen(event) ?? typed(event)?.toLowerCase();
          const language =
            payload === 'lang:kk' || payload === 'қазақша' ? 'kk' : payload === 'lang:ru' || payload === 'русский' ? 'ru' : undefined;
          return language ? { next: 'firstName', data: { ...data, language } } : { stay: [say(data, 'useButtons')] };
        },
      },
      firstName: nameStep('askFirstName', 'lastName', (data, name) => ({ ...data, firstName: name })),
      lastName: nameStep('askLastName', 'patronymic', (data, name) => ({ ...data, lastName: name })),
      patronymic: {
        prompt: ({ data }) => [ask(data, 'askPatronymic', [[{ title: text(data.language, 'skip'), payload: 'skip' }]])],
        answer: ({ event, data }) => {
          if (chosen(event) === 'skip') return { next: 'phone', data: { ...data, patronymic: null } };
          const name = cleanName(typed(event));
          return name ? { next: 'phone', data: { ...data, patronymic: name } } : { stay: [say(data, 'nameInvalid')] };
        },
      },
      phone: {
        prompt: ({ data }) => [
          { type: 'request', what: 'contact', text: text(data.language, 'askPhone'), button: text(data.language, 'sharePhone') },
        ],
        answer: ({ event, data }) => {
          const raw = event.type === 'contact' && event.isOwn ? event.phone : typed(event);
          const phone = raw ? normalisePhone(raw) : undefined;
          return phone ? { next: 'birthDate', data: { ...data, phone } } : { stay: [say(data, 'phoneInvalid')] };
        },
      },
      birthDate: {
        prompt: ({ data }) => [say(data, 'askBirthDate')],
        answer: ({ event, data }) => {
          const birthDate = parseBirthDate(typed(event) ?? '', deps.clock());
          return birthDate ? { next: 'sex', data: { ...data, birthDate } } : { stay: [say(data, 'birthDateInvalid')] };
        },
      },
      sex: {
        prompt: ({ data }) => [
          ask(data, 'askSex', [
            [
              { title: text(data.language, 'male'), payload: 'sex:M' },
              { title: text(data.language, 'female'), payload: 'sex:F' },
            ],
          ]),
        ],
        answer: ({ event, data }) => {
          const payload = chosen(event);
          return payload === 'sex:M' || payload === 'sex:F'
            ? { next: 'iin', data: { ...data, sex: payload.slice(4) as 'M' | 'F' } }
            : { stay: [say(data, 'useButtons')] };
        },
      },
      iin: {
        prompt: ({ data }) => [say(data, 'askIin')],
        answer: async ({ event, data }) => {
          const raw = (typed(event) ?? '').replace(/[\s-]/g, '');
          const check = checkIin(raw, { birthDate: data.birthDate, sex: data.sex });
          const mismatch = !check.valid && (check.reason === 'birth_date_mismatch' || check.reason === 'sex_mismatch');
          if (check.valid || (mismatch && (await deps.iinOverridden?.(raw, { birthDate: data.birthDate!, sex: data.sex! }))))
            return { next: 'personalData', data: { ...data, iinSealed: deps.seal(raw) } };
          const shown = (day: string) => day.split('-').reverse().join('.');
          return {
            stay: [
              say(data, `iin_${check.reason}`, {
                count: raw.length,
                iinDate: check.birthDate ? shown(check.birthDate) : '',
                entered: data.birthDate ? shown(data.birthDate) : '',
              }),
            ],
          };
        },
      },
      personalData: consentStep('consentPersonalData', true, (data) => ({ next: 'medical', data: { ...data, personalData: true } })),
      medical: consentStep('consentMedical', true, (data) => ({ next: 'marketing', data: { ...data, medical: true } })),
      marketing: {
        prompt: ({ data }) => [ask(data, 'consentMarketing', consentRows(data))],
        answer: async (context) => {
          const payload = chosen(context.event);
          if (payload !== 'consent:yes' && payload !== 'consent:no') return { stay: [say(context.data, 'useButtons')] };
          return finish(context, context.data, payload === 'consent:yes');
        },
      },
    },
  });

  function nameStep(prompt: ClinicTextKey, next: string, store: (data: RegistrationData, name: string) => RegistrationData) {
    return {
      prompt: ({ data }: Ctx) => [say(data, prompt)],
      answer: ({ event, data }: Answer) => {
        const name = cleanName(typed(event));
        return name ? { next, data: store(data, name) } : { stay: [say(data, 'nameInvalid')] };
      },
    };
  }

  function consentStep(
    prompt: ClinicTextKey,
    required: boolean,
    onYes: (data: RegistrationData) => { next: string; data: RegistrationData },
  ) {
    return {
      prompt: ({ data }: Ctx) => [ask(data, prompt, consentRows(data))],
      answer: ({ event, data }: Answer) => {
        const payload = chosen(event);
        if (payload === 'consent:yes') return onYes(data);
        if (payload === 'consent:no' && required) return { stay: [say(data, 'consentRequired'), ask(data, prompt, consentRows(data))] };
        return { stay: [say(data, 'useButtons')] };
      },
    };
  }
}
