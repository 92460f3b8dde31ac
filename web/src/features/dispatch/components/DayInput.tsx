import { DateInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/ru';
import { useTranslation } from 'react-i18next';

// Typed dates are read in the shown format (dd.mm.yyyy in Russian), not the browser's.
dayjs.extend(customParseFormat);

/** How a day is written in each UI language: a native date field would follow the browser's locale instead. */
export const dayFormats = { ru: 'DD.MM.YYYY', en: 'DD MMM YYYY' } as const;

/** The app's language as the date pickers name it. */
export const appLanguage = (language: string) => (language.startsWith('ru') ? 'ru' : 'en');

/** A day (yyyy-mm-dd, or null) picked or typed in the app's language. */
export function DayInput(props: { label: string; value: string | null; onChange(value: string | null): void; testId: string }) {
  const { i18n } = useTranslation();
  const language = appLanguage(i18n.language);
  const format = dayFormats[language];
  return (
    <DateInput
      label={props.label}
      value={props.value || null}
      onChange={(value) => props.onChange(value ? dayjs(value).format('YYYY-MM-DD') : null)}
      valueFormat={format}
      placeholder={language === 'ru' ? 'дд.мм.гггг' : 'dd Mon yyyy'}
      locale={language}
      clearable
      w={170}
      data-testid={props.testId}
    />
  );
}
