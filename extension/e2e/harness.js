// End-to-end helpers: Debian's Chromium with the built extension in a persistent profile (one profile = one
// device), Hugging Face pages answered from the real fixtures, the service worker at hand, and sign-in through
// the server's own log-in page in the launchWebAuthFlow window.
import { chromium, request } from 'playwright-core';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extensionRoot = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(extensionRoot, 'dist');
/** Pinned by the manifest's `key`, so the server's redirect URI can be configured before the browser starts. */
export const EXTENSION_ID = 'iahkonijnnkmacmjgpkjilgoflajhfpm';
export const REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;
/** The repository's own fixtures (tests/fixtures/README.md says where each came from). */
export const FIXTURES = join(extensionRoot, '..', 'tests', 'fixtures');
/** Screenshots and traces; `test-results/` is ignored by git. */
export const OUTPUT = join(extensionRoot, 'test-results', 'e2e');

/**
 * Starts one "device": a fresh profile with the extension loaded.
 * @param {{ headless?: boolean }} [options]
 */
export async function launchDevice({ headless = true } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'papernotes-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  return {
    context,
    /** Closes the browser and deletes its profile. */
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Answers `https://huggingface.co/**` from the fixtures: pages from `pages` (path → file in tests/fixtures,
 * default: every page is the trending fixture), the stylesheet with hf-min.css, anything else 404. `edit` changes a
 * page's HTML before it is served (a test adding a script of its own).
 * @param {import('playwright-core').BrowserContext} context @param {Record<string, string>} [pages]
 * @param {{ edit?: (html: string) => string }} [options]
 */
export async function routeHuggingFace(context, pages = {}, { edit = (html) => html } = {}) {
  const fixture = (/** @type {string} */ name) => readFile(join(FIXTURES, name), 'utf8');
  await context.route('https://huggingface.co/**', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('/style.css')) {
      return route.fulfill({ contentType: 'text/css', body: await fixture('hf-min.css') });
    }
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', body: edit(await fixture(pages[url.pathname] ?? 'hf-trending-2026.html')) });
  });
}

/** The extension's service worker, waiting for it to start if needed. @param {import('playwright-core').BrowserContext} context */
export async function serviceWorker(context) {
  const running = context.serviceWorkers().find((worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
  return running ?? context.waitForEvent('serviceworker', {
    predicate: (worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`),
  });
}

/**
 * Stops the service worker as Chrome does when it is idle (CDP `Target.closeTarget`). The next event starts a fresh one.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function stopServiceWorker(context) {
  const page = context.pages()[0] ?? await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.includes(EXTENSION_ID));
    if (!worker) return false;
    await cdp.send('Target.closeTarget', { targetId: worker.targetId });
    return true;
  } finally {
    await cdp.detach();
  }
}

/** Opens an extension page (options.html, sidepanel.html) in a tab. @param {import('playwright-core').BrowserContext} context @param {string} path */
export async function openExtensionPage(context, path) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${EXTENSION_ID}/${path}`);
  return page;
}

/**
 * Creates an account through the server's registration form, from a cookie jar of its own: the devices then meet
 * the log-in page when they sign in, as a user's second browser would.
 * @param {string} serverUrl @param {{ username: string, password: string, email?: string }} user
 */
export async function registerUser(serverUrl, { username, password, email = `${username}@example.test` }) {
  const http = await request.newContext({ baseURL: serverUrl });
  try {
    const form = await http.get('/account/register');
    const token = /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(await form.text())?.[1];
    if (!token) throw new Error('The registration page has no antiforgery token');
    const answer = await http.post('/account/register', { form: { __RequestVerificationToken: token, username, email, password } });
    const page = await answer.text();
    if (!answer.ok() || !page.includes(username)) throw new Error(`Registration refused (${answer.status()}): ${page.slice(0, 500)}`);
  } finally {
    await http.dispose();
  }
}

/**
 * Signs the device in the way a user does: options page → server URL → Sign in → the server's log-in form in the
 * launchWebAuthFlow window. Resolves once the options page says who is signed in.
 * @param {import('playwright-core').BrowserContext} context @param {string} serverUrl
 * @param {{ username: string, password: string }} user
 */
export async function signIn(context, serverUrl, { username, password }) {
  const options = await openExtensionPage(context, 'options.html');
  await options.fill('#server-url', serverUrl);
  const authWindow = context.waitForEvent('page', { timeout: 30_000 });
  await options.click('#sign-in');
  const login = await authWindow;
  await login.waitForSelector('[name="username"]');
  await login.fill('[name="username"]', username);
  await login.fill('[name="password"]', password);
  // The window closes as soon as the flow reaches the extension's redirect URI.
  await login.locator('form [type="submit"]').first().click({ noWaitAfter: true });
  await options.getByText(`Signed in as ${username}`).waitFor({ timeout: 30_000 });
  return options;
}

/**
 * The device's current access token, read from the extension's IndexedDB (where the worker keeps its session), so a
 * test can ask the server what it holds. @param {import('playwright-core').BrowserContext} context
 */
export async function accessTokenOf(context) {
  const page = await openExtensionPage(context, 'options.html');
  try {
    return await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('papernotes');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const read = open.result.transaction('meta').objectStore('meta').get('auth');
        read.onsuccess = () => { resolve(read.result?.accessToken); open.result.close(); };
        read.onerror = () => reject(read.error);
      };
    }));
  } finally {
    await page.close();
  }
}

/** The toolbar badge's text (the number of changes waiting while offline). @param {import('playwright-core').BrowserContext} context */
export async function badgeText(context) {
  return (await serviceWorker(context)).evaluate(() => chrome.action.getBadgeText({}));
}

/** A screenshot under test-results/e2e. @param {import('playwright-core').Page} page @param {string} name */
export async function screenshot(page, name) {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A screenshot of one element and `margin` pixels around it, under test-results/e2e.
 * @param {import('playwright-core').Locator} locator @param {string} name @param {number} [margin]
 */
export async function screenshotOf(locator, name, margin = 8) {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${name}: nothing to photograph`);
  const page = locator.page();
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 900 };
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await page.screenshot({ path, clip: { x, y, width: Math.min(width - x, box.width + 2 * margin),
    height: Math.min(height - y, box.height + 2 * margin) } });
  return path;
}
