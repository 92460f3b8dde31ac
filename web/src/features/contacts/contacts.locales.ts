// The contacts strings, merged into the app's translations by lib/i18n.ts under the key `contacts`.
export const en = {};

export const ru: typeof en = {};
