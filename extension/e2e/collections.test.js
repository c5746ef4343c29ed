// A collection shared between two users against the real server (issue 7): the owner creates it and invites an
// editor through the side panel's share dialog; the editor's open side panel follows without a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchDevice, openExtensionPage, registerUser, screenshot, signIn } from './harness.js';
import { closedUi } from './closed-ui.js';
import { openTrending, stillSamePageLoad } from './papers-page.js';
import { createTestServer } from './server.js';

const ada = { username: 'ada', password: 'correct-horse-battery' };
const ben = { username: 'ben', password: 'staple-battery-horse' };
const name = 'Papers for Thursday';

/** @type {Awaited<ReturnType<typeof createTestServer>>} */
let server;
/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let adaDevice;
/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let benDevice;

before(async () => {
  server = await createTestServer();
  await server.start();
  await registerUser(server.url, ada);
  await registerUser(server.url, ben);
  [adaDevice, benDevice] = await Promise.all([launchDevice(), launchDevice()]);
  await (await signIn(adaDevice.context, server.url, ada)).close();
  await (await signIn(benDevice.context, server.url, ben)).close();
});

after(async () => {
  await Promise.allSettled([adaDevice?.close(), benDevice?.close()]);
  await server?.dispose();
});

/** The side panel as a tab, the width Chrome gives it. @param {import('playwright-core').BrowserContext} context */
async function openSidePanel(context) {
  const panel = await openExtensionPage(context, 'sidepanel.html');
  await panel.setViewportSize({ width: 400, height: 800 });
  await panel.locator('#sync', { hasText: 'Online' }).waitFor();
  await panel.evaluate(() => { /** @type {any} */ (window).loadedOnce = true; });
  return panel;
}

test("a collection shared with an editor shows the owner's new note in the editor's open side panel without a reload", async () => {
  const adaPanel = await openSidePanel(adaDevice.context);
  const benPanel = await openSidePanel(benDevice.context);

  await adaPanel.getByRole('button', { name: '+ New collection' }).click();
  await adaPanel.fill('#new-collection-name', name);
  await adaPanel.fill('#new-collection-description', 'What we discuss at the reading group.');
  await screenshot(adaPanel, 'sidepanel-new-collection-dialog');
  await adaPanel.locator('.new-collection-submit').click();
  await adaPanel.locator('.collection-entry', { hasText: name }).click();
  await adaPanel.locator('#library-header .role-badge', { hasText: 'Owner' }).waitFor();

  await adaPanel.locator('#library-header .share-open').click();
  await adaPanel.fill('#share-invite-username', ben.username);
  await adaPanel.selectOption('.share-invite-role', 'editor');
  await adaPanel.locator('.share-invite-submit').click();
  await adaPanel.locator('.share-member[data-username="ben"][data-role="editor"]').waitFor();
  await screenshot(adaPanel, 'sidepanel-share-dialog');
  await adaPanel.locator('.share-close').click();

  // Ben's panel learns of the collection by itself (the hub's LibrariesChanged); he opens it.
  await benPanel.locator('.collection-entry', { hasText: name }).click();
  await benPanel.locator('#library-header .role-badge', { hasText: 'Editor' }).waitFor();

  // Ada adds a paper from its card on Hugging Face, then writes the shared note in her side panel.
  const page = await openTrending(adaDevice.context);
  const titleLink = page.locator('article h3 > a[href^="/papers/"]').first();
  const paperId = (await titleLink.getAttribute('href'))?.replace('/papers/', '') ?? '';
  const title = (await titleLink.textContent())?.trim() ?? '';
  // At once, before the page has settled: the page's capture still goes to the server before the change.
  const adaControls = (await closedUi(page)).controls(paperId);
  await adaControls.click('summary', 'Collections');
  await adaControls.click('.menu label', name, 'input');
  await adaControls.waitFor('.collection-count', '(1)');
  await page.close();

  const benPaper = benPanel.locator(`.collection-paper[data-paper-id="${paperId}"]`);
  await benPaper.locator('.collection-note', { hasText: 'No shared note yet.' }).waitFor();
  // Ben never saw the paper on Hugging Face: its title comes from the server's catalog.
  await benPaper.locator('h2', { hasText: title }).waitFor();
  const adaPaper = adaPanel.locator(`.collection-paper[data-paper-id="${paperId}"]`);
  await adaPaper.locator('.note-edit').click();
  // A collaborator's note may hold anything: raw HTML (a form asking for a password), a remote image, links.
  await adaPaper.locator('.note-input').fill('Read section 3 before **Thursday**; the ablation is the point. '
    + 'Code in [the repo](https://github.com/x/y). ![chart](https://tracker.example/p.png)\n\n'
    + '<form action="https://evil.example/"><input name="password"></form>');
  await adaPaper.locator('.note-save').click();

  await benPaper.locator('.collection-note strong', { hasText: 'Thursday' }).waitFor();
  assert.ok(await stillSamePageLoad(benPanel), "Ben's side panel was not reloaded");
  const note = benPaper.locator('.collection-note');
  assert.match(await note.textContent() ?? '', /the ablation is the point/);
  // One renderer with the page's rules: links open a new tab, raw HTML is text, no form, input or remote image.
  const link = note.locator('a[href="https://github.com/x/y"]');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await note.locator('form, input, img').count(), 0);
  assert.match(await note.textContent() ?? '', /<form action=/);
  await screenshot(benPanel, 'sidepanel-collection-editor');
  await benPanel.emulateMedia({ colorScheme: 'dark' });
  await screenshot(benPanel, 'sidepanel-collection-editor-dark');
});
