// End-to-end helpers for the web library: Debian's Chromium in a persistent profile per device (installability is
// only checked in a persistent context), at a phone's or a desktop's size, light or dark; sign-in through the
// server's real log-in page. The server is the extension's test server (extension/e2e/server.js).
import { chromium } from 'playwright-core';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { createTestServer, poll, restClient } from '../../extension/e2e/server.js';
export { registerUser } from '../../extension/e2e/harness.js';

/** Screenshots; `test-results/` is ignored by git. */
export const OUTPUT = fileURLToPath(new URL('../test-results/', import.meta.url));

export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

/**
 * One device: a fresh browser profile.
 * @param {{ size?: typeof PHONE | typeof DESKTOP, colorScheme?: 'light' | 'dark' }} [options]
 */
export async function launchDevice({ size = DESKTOP, colorScheme = 'light' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'papernotes-web-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ...size,
    colorScheme,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in as a person does: the app's Sign in button, the server's log-in form, back to the library.
 * @param {import('playwright-core').Page} page @param {string} serverUrl @param {{ username: string, password: string }} user
 */
export async function signIn(page, serverUrl, { username, password }) {
  await page.goto(`${serverUrl}/app/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/account\/login/);
  await page.fill('[name="username"]', username);
  await page.fill('[name="password"]', password);
  await page.locator('form [type="submit"]').first().click();
  await page.getByRole('navigation', { name: 'Library views' }).waitFor({ timeout: 30_000 });
}

/** The device's access token, from the app's IndexedDB. @param {import('playwright-core').Page} page */
export function accessTokenOf(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('papernotes');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const read = open.result.transaction('meta').objectStore('meta').get('auth');
      read.onsuccess = () => { resolve(read.result?.accessToken); open.result.close(); };
      read.onerror = () => reject(read.error);
    };
  }));
}

/** A full-page screenshot under web/test-results. @param {import('playwright-core').Page} page @param {string} name */
export async function screenshot(page, name) {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
