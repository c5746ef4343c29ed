// Moved to shared/markdown.js (one renderer for the page, the side panel and the web app); kept for importers of
// this path until they import the shared module.
export { markdownToHtml, renderMarkdown, LINK_TARGET } from '../shared/markdown.js';
