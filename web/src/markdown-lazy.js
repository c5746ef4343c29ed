// Notes are rendered with the extension's Markdown renderer (marked, then DOMPurify). Both libraries are most of the
// app's script, and the library list shows no rendered Markdown, so they load after the first screen.

/** @type {((source: string, window: Window) => string) | undefined} */
let render;
/** @type {Promise<void> | undefined} */
let loading;

/** Loads the renderer once. */
export function loadMarkdown() {
  loading ??= import('../../extension/src/shared/markdown.js').then((module) => { render = module.renderMarkdown; });
  return loading;
}

/** Sanitised HTML for a note, or undefined while the renderer is not loaded yet. @param {string} source */
export const renderedMarkdown = (source) => render?.(source, window);
