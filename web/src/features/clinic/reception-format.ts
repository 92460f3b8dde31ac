// Reception's dates and times: in the UI's language, and in the clinic's time zone (not the browser's), so a
// receptionist abroad or on a misset laptop still sees the clinic's day.
const locales: Record<string, string> = { ru: 'ru-RU', en: 'en-GB' };

export const uiLocale = (language: string) => locales[language] ?? locales.en!;

/** "09:00" — a visit's time on the clinic's clock. */
export const clinicClock = (iso: string, language: string, timeZone: string | undefined) =>
  new Intl.DateTimeFormat(uiLocale(language), { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));

/** "пятница, 8 марта 2030 г." / "Friday 8 March 2030" — a clinic day (YYYY-MM-DD) as the heading of its list. */
export const clinicDay = (day: string, language: string) =>
  // Noon UTC of that date is the same date in every zone the formatter could use.
  new Intl.DateTimeFormat(uiLocale(language), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
