// Our UI on Hugging Face pages sits in closed shadow roots, which Playwright's locators cannot enter any more than
// the page's own scripts can. A test reaches it the way only the extension can: by evaluating in the content
// script's isolated world (CDP `Runtime.evaluate` in the extension's execution context of the page), where the
// content script keeps its components and their roots. Acting goes through the real mouse and keyboard at the
// element's place on screen, so the events are trusted exactly as a user's are.
import { poll } from './server.js';

/** The content script's handle on itself (src/content/index.js). */
const INSTANCE = '__paperNotesContent';

/**
 * Runs in the isolated world: the element `target` names, or null. Cards: the controls of `paperId` (the copy on
 * screen); parts: `toolbar` (the selection toolbar) or `editor` (the note editor).
 * `hasText` keeps the first match holding that text; `inner` then picks an element inside it.
 * @param {{ paperId?: string, part?: 'toolbar' | 'editor', selector?: string, hasText?: string, inner?: string }} target
 */
function find(target) {
  const app = /** @type {any} */ (globalThis)[INSTANCE_NAME];
  if (!app) return null;
  let root;
  if (target.paperId) {
    const views = [...app.views.values()].filter((view) => view.paper.paperId === target.paperId);
    root = (views.find((view) => view.controls.host.getClientRects().length > 0) ?? views[0])?.controls.root;
  } else root = app[/** @type {string} */ (target.part)]?.root;
  if (!root || !target.selector) return root ?? null;
  const all = [...root.querySelectorAll(target.selector)];
  const found = all.find((element) => !target.hasText || element.textContent.includes(target.hasText)) ?? null;
  return found && target.inner ? found.querySelector(target.inner) : found;
}

/**
 * One page's closed UI, seen from the extension's side.
 * @param {import('playwright-core').Page} page
 */
export async function closedUi(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {Map<number, any>} */
  const contexts = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrame = frameTree.frame.id;

  /** The newest isolated world of the extension in the main frame (a navigation makes a new one). */
  const contentWorld = () => [...contexts.values()].filter((context) => context.auxData?.frameId === mainFrame
    && context.auxData?.type === 'isolated' && context.name === 'PaperNotes').at(-1)?.id;

  /**
   * Evaluates `fn(find, arg)` in the content script's world and answers its JSON-able result.
   * @template T @param {(find: typeof import('./closed-ui.js').__find, arg: any) => T} fn @param {any} [arg]
   * @returns {Promise<Awaited<T>>}
   */
  async function inContentScript(fn, arg) {
    const contextId = await poll(async () => contentWorld(), { timeoutMs: 10_000, message: 'the content script’s world' });
    const findSource = find.toString().replace('INSTANCE_NAME', JSON.stringify(INSTANCE));
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: `(${fn})(${findSource}, ${JSON.stringify(arg ?? null)})`,
      contextId, returnByValue: true, awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`In the content script: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** @param {{ paperId?: string, part?: 'toolbar' | 'editor' }} scope */
  const part = (scope) => {
    /** @param {string} selector @param {string} [hasText] @param {string} [inner] */
    const target = (selector, hasText, inner) => ({ ...scope, selector, hasText, inner });
    /** Scrolls the element into view and answers the middle of it on screen. @param {string} selector @param {string} [hasText] @param {string} [inner] */
    const centre = async (selector, hasText, inner) => {
      const at = await poll(() => inContentScript((find, t) => {
        const element = find(t);
        if (!element || element.getClientRects().length === 0) return null;
        // Only when needed: scrolling would bring other cards into view, and those would be recorded as seen.
        element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const rect = element.getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }, target(selector, hasText, inner)), { timeoutMs: 10_000, message: `${selector} in ${JSON.stringify(scope)}` });
      return at;
    };
    const api = {
      /**
       * A real click in the middle of the element (`inner`: of that element inside it).
       * @param {string} selector @param {string} [hasText] @param {string} [inner]
       */
      async click(selector, hasText, inner) {
        const { x, y } = await centre(selector, hasText, inner);
        await page.mouse.click(x, y);
      },
      /** Focuses the element (as a Tab would) and types, as a user's keyboard does. @param {string} selector @param {string} text */
      async type(selector, text) {
        await api.focus(selector);
        await page.keyboard.type(text);
      },
      /** @param {string} selector */
      async focus(selector) {
        await centre(selector);
        await inContentScript((find, t) => find(t)?.focus(), target(selector));
      },
      /** @param {string} key e.g. `Enter` */
      press: (/** @type {string} */ key) => page.keyboard.press(key),
      /**
       * Chooses an option of a <select> with the arrow keys, as a keyboard user does (each step is a change).
       * @param {string} selector @param {string} value
       */
      async selectOption(selector, value) {
        await api.focus(selector);
        const { from, to } = await inContentScript((find, t) => {
          const select = find(t);
          return { from: select.selectedIndex, to: [...select.options].findIndex((o) => o.value === t.value) };
        }, { ...target(selector), value });
        if (to < 0) throw new Error(`${selector} has no option ${value}`);
        for (let step = from; step !== to; step += Math.sign(to - from)) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
        await poll(async () => await api.value(selector) === value, { timeoutMs: 5_000, message: `${selector} = ${value}` });
      },
      /** @param {string} selector @param {string} [hasText] */
      text: (selector, hasText) => inContentScript((find, t) => find(t)?.textContent ?? null, target(selector, hasText)),
      /** @param {string} selector @param {string} name */
      attribute: (selector, name) => inContentScript((find, t) => find(t)?.getAttribute(t.name) ?? null, { ...target(selector), name }),
      /** @param {string} selector */
      value: (selector) => inContentScript((find, t) => find(t)?.value ?? null, target(selector)),
      /** @param {string} selector */
      checked: (selector) => inContentScript((find, t) => Boolean(find(t)?.checked), target(selector)),
      /** @param {string} selector @param {string} [hasText] */
      exists: (selector, hasText) => inContentScript((find, t) => Boolean(find(t)), target(selector, hasText)),
      /** Waits until the element (with that text) is there. @param {string} selector @param {string} [hasText] */
      waitFor: (selector, hasText) => poll(() => api.exists(selector, hasText), { message: `${selector} ${hasText ?? ''}` }),
    };
    return api;
  };

  return {
    /** The row of controls under a paper's card. @param {string} paperId */
    controls: (paperId) => part({ paperId }),
    toolbar: part({ part: 'toolbar' }),
    editor: part({ part: 'editor' }),
    inContentScript,
    detach: () => cdp.detach(),
  };
}

/** For the type of `find` in callers' functions. */
export const __find = find;
