// Layout checks the browser tests share: nothing scrolls sideways that should not, and no toolbar
// breaks onto a second line.
import type { Page } from 'playwright-core';

/**
 * What is wrong with the page's width, in words: the page wider than the window, a box that scrolls
 * sideways (unless it is marked `data-scrolls-sideways`, like a wide table on a phone), or a toolbar
 * (`data-toolbar`) that overflows or has wrapped onto a second line. An empty list is a clean page.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: HTMLElement) =>
      element.getAttribute('data-testid') ??
      element.getAttribute('data-toolbar') ??
      `${element.tagName.toLowerCase()}.${String(element.className).split(' ').slice(0, 2).join('.')}`;
    const shown = (element: HTMLElement) => element.getClientRects().length > 0 && window.getComputedStyle(element).visibility !== 'hidden';
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
    for (const element of document.querySelectorAll('body *') as HTMLElement[]) {
      if (!shown(element) || element.closest('[data-scrolls-sideways]')) continue;
      const overflowX = window.getComputedStyle(element).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && element.scrollWidth > element.clientWidth + 1)
        problems.push(`${name(element)} scrolls sideways (${element.scrollWidth}px of content in ${element.clientWidth}px)`);
    }
    // Toolbars, and tab bars (which may scroll sideways on a phone, but never wrap).
    for (const bar of document.querySelectorAll('[data-toolbar], [role="tablist"]') as HTMLElement[]) {
      if (!shown(bar)) continue;
      if (bar.scrollWidth > bar.clientWidth + 1 && !bar.closest('[data-scrolls-sideways]'))
        problems.push(`toolbar ${name(bar)} overflows (${bar.scrollWidth}px of content in ${bar.clientWidth}px)`);
      const items = (Array.from(bar.children) as HTMLElement[])
        .filter(shown)
        .map((child) => child.getBoundingClientRect())
        .filter((rect) => rect.height > 0);
      const wrapped = items.some((item) => items.some((other) => item.top >= other.bottom - 1));
      if (wrapped) problems.push(`toolbar ${name(bar)} wraps onto a second line`);
    }
    return problems;
  });
}

export interface Look {
  viewport: { width: number; height: number };
  language: 'ru' | 'en';
  theme: 'light' | 'dark';
}

/** Runs `visit` in every look a screen must pass: a 1440 px desktop and a 390 px phone, Russian and English, light and dark. */
export async function inEveryLook(page: Page, visit: (look: Look) => Promise<void>): Promise<void> {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])
    for (const language of ['ru', 'en'] as const)
      for (const theme of ['light', 'dark'] as const) {
        await page.setViewportSize(viewport);
        await page.evaluate(
          ([lang, scheme]) => {
            window.localStorage.setItem('sb.language', lang!);
            window.localStorage.setItem('sb.color-scheme', scheme!);
          },
          [language, theme],
        );
        await visit({ viewport, language, theme });
      }
}
