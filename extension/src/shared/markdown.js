// Renders a note's Markdown for display, the same way wherever notes show (the page's note editor, the side panel):
// marked, raw HTML in the source shown as text, images as links, then DOMPurify. Notes are written by collaborators,
// so nothing in one may act on the reader: no markup of its own, no form, no remote image that tells a server who
// read it, and every link opens a new tab without an opener or referrer.
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

/** @param {string} text */
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;');

/** What a link in a note carries, so it opens a new tab that cannot reach back (or learn where it came from). */
export const LINK_TARGET = Object.freeze({ target: '_blank', rel: 'noopener noreferrer' });

const markdown = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    // Notes never need raw HTML; showing it as typed keeps `<script>` in a note visible instead of risky.
    html: ({ text }) => escapeHtml(text),
    // A remote image would be fetched by every reader's browser: it becomes a link the reader may follow.
    image: ({ href, text }) => `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
  },
});

/**
 * Markdown to HTML before sanitising: raw HTML in the source comes out as text.
 * @param {string} source
 */
export function markdownToHtml(source) {
  return /** @type {string} */ (markdown.parse(source, { async: false }));
}

/** Elements marked may produce that a note must never show (task-list checkboxes are inputs). */
const FORBID_TAGS = ['form', 'input', 'button', 'textarea', 'select', 'img', 'picture', 'video', 'audio', 'iframe', 'style'];

/** @type {WeakMap<object, ReturnType<typeof DOMPurify>>} one sanitiser per window */
const sanitizers = new WeakMap();

/**
 * Safe HTML for a note body. Where DOMPurify cannot run (a DOM without its features), the note is shown as plain
 * escaped text rather than unsanitised HTML.
 * @param {string} source Markdown
 * @param {Window} window the window whose DOM DOMPurify parses with (the page's, or the side panel's)
 * @returns {string}
 */
export function renderMarkdown(source, window) {
  let purify = sanitizers.get(window);
  if (!purify) {
    purify = DOMPurify(/** @type {any} */ (window));
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') for (const [name, value] of Object.entries(LINK_TARGET)) node.setAttribute(name, value);
    });
    sanitizers.set(window, purify);
  }
  if (!purify.isSupported) return `<p>${escapeHtml(source).replace(/\n/g, '<br>')}</p>`;
  return purify.sanitize(markdownToHtml(source), { FORBID_TAGS, FORBID_ATTR: ['style'] });
}
