// The tickets strings, merged into the app's translations by lib/i18n.ts under the key `tickets`.
export const en = {};

export const ru: typeof en = {};
