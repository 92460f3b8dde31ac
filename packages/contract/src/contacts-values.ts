// The contact profile's plain rules, without zod, so the web app imports them at run time
// (`@switchboard/contract/contacts-values`) and checks a phone as staff type it, with the server's own rule.

/** A phone number staff type: these characters, and 7 to 15 digits (E.164). */
export const phoneCharacters = /^\+?[\d\s().-]+$/;
export const phoneDigits = { min: 7, max: 15 } as const;
