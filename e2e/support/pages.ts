// Steps the browser tests share: signing in, opening a conversation, reading the page's state.
import type { Page } from 'playwright-core';
import { testAdmin } from './app.ts';

export async function signIn(page: Page, baseUrl: string, credentials = testAdmin): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(credentials.email);
  await page.locator('input[type=password]').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/inbox');
}

export function chatRow(page: Page, name: string) {
  return page.getByTestId('chat-row').filter({ hasText: name });
}

export async function openChat(page: Page, name: string): Promise<void> {
  const row = chatRow(page, name);
  await row.waitFor();
  await row.click();
  await page.getByTestId('conversation-title').filter({ hasText: name }).waitFor();
}

export function bubble(page: Page, text: string) {
  return page.getByTestId('message').filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/**
 * Controls without an accessible name in the page's accessibility tree: every button, field, switch
 * and link must say what it is to a screen reader.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .map((line) => line.trim())
    .filter((line) =>
      /^- (button|textbox|checkbox|switch|radio|combobox|link|searchbox|slider|spinbutton|tab|menuitem)(\s*\[[^\]]*\])*:?$/.test(line),
    );
}

/** Mantine's SegmentedControl keeps its radios visually hidden: click the visible label. */
export async function chooseSegment(page: Page, label: string): Promise<void> {
  await page.locator('.mantine-SegmentedControl-label', { hasText: new RegExp(`^${label}$`) }).click();
}
