// The inbox must open fast on a slow line: its JavaScript stays within 300 KB gzip (issue 26's goal; the gate was
// 305 KB: conversation status, filters, views and alerts landed at 303.4 KB; the operator's tools (shortcuts,
// mentions, saved answers' variables) added ~1.9 KB and moving the team's settings-only strings out took ~1.8 KB,
// 303.5 KB; the command bar, help sheet and macro editor load on first use; session 6's merge of dispatch,
// Instagram and the contact timeline came to 304.4 KB; session 9's teams, CSAT and custom attributes, each
// 304.8 KB alone, came to 305.3 KB together; the reports page's link and route added 0.3 KB, and loading the contact
// panel's tags and notes editor (Mantine's TagsInput with its pills and combobox) when the panel shows it took 10.9 KB:
// 294.7 KB; session 10's account alerts (PEER_FLOOD) brought it to 296.3 KB, so the gate is 297 KB and the 300 KB
// goal is met; session 12's contact links and text limits drawn from the channel kinds (instead of a messenger's
// buttons written into the contact panel) came to 297.7 KB, so the gate is 298 KB. Lazy-loading the toasts' container made it bigger
// (305.6 -> 305.9 KB: the store split into a chunk of its own), so it stays). What the inbox does
// not render loads on demand: other pages' strings with their routes, the API error texts just after start, parts
// of other features that only settings show behind lazy exports of their public entries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeJsSize, routeModules } from '../web/scripts/bundle-size.ts';
import { distDir, ensureWebBuild } from '../web/scripts/build.ts';

const budget = 298 * 1024;

test('the JavaScript each route loads fits the budget; the inbox never loads the settings page', async (t) => {
  await ensureWebBuild({ quiet: true });
  const inbox = routeJsSize(distDir, routeModules.inbox);
  const settings = routeJsSize(distDir, routeModules.settings);
  const signIn = routeJsSize(distDir, routeModules.signIn);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const line = `JS per route (gzip): inbox ${kb(inbox.gzipBytes)} (raw ${kb(inbox.rawBytes)}, ${inbox.files.length} files), settings ${kb(settings.gzipBytes)}, sign-in ${kb(signIn.gzipBytes)}; budget ${kb(budget)}`;
  t.diagnostic(line);
  process.stdout.write(`e2e diagnostic: ${line}\n`);
  assert.ok(inbox.gzipBytes <= budget, `the inbox loads ${kb(inbox.gzipBytes)} of JavaScript`);
  assert.ok(!inbox.files.some((file) => file.includes('MessengersSettingsPage')), 'settings is its own chunk');
  assert.ok(!signIn.files.some((file) => file.includes('InboxPage')), 'the sign-in page does not load the inbox');
});
