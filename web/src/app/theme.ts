import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "Apple Color Emoji", "Segoe UI Emoji", sans-serif',
  cursorType: 'pointer',
});

/** The same key as public/boot.js, which applies the scheme before the first paint. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'sb.color-scheme' });
