// Ties the content script together: finds the papers, gives each its controls and highlights, tracks what was seen,
// captures the page, and keeps all of it in step with the worker's state.
import { describeRange } from '../shared/anchoring.js';
import { FieldText, MARK_ATTRIBUTE } from '../shared/anchoring-dom.js';
import { MessageType } from '../shared/messages.js';
import { CaptureScheduler } from './capture-scheduler.js';
import { CardControls } from './card-controls.js';
import { FIELDS, findPapers } from './cards.js';
import { chromeBridge } from './extension-bridge.js';
import { HighlightLayer } from './highlight-layer.js';
import { NoteEditor } from './note-editor.js';
import { PageWatcher } from './page-watcher.js';
import { SeenTracker } from './seen-tracker.js';
import { SelectionToolbar } from './selection-toolbar.js';
import { PageToast } from './toast.js';
import { trusted } from './trusted.js';

/** @typedef {import('../shared/messages.js').Annotation} Annotation */
/** @typedef {import('../shared/messages.js').PageState} PageState */
/** @typedef {import('./selection-toolbar.js').SelectionTarget} SelectionTarget */
/** @typedef {{ paper: import('./cards.js').FoundPaper, controls: CardControls, highlights: HighlightLayer }} PaperView */

export const SEEN_CLASS = 'papernotes-seen';

/** Messages that record a change to a paper; a capture still waiting for the page to settle goes out before them. */
const CHANGES = new Set(/** @type {string[]} */ ([MessageType.MarkSeen, MessageType.UpdateItem, MessageType.PutAnnotation,
  MessageType.DeleteAnnotation, MessageType.AddToCollection, MessageType.RemoveFromCollection]));

export class PageIntegration {
  /**
   * @param {Window} window
   * @param {{ bridge?: import('./extension-bridge.js').ExtensionBridge, now?: () => Date,
   *   createObserver?: ConstructorParameters<typeof SeenTracker>[0]['createObserver'],
   *   isVisible?: (element: Element) => boolean, captureDelayMs?: number }} [options]
   */
  constructor(window, { bridge = chromeBridge, now = () => new Date(), createObserver, isVisible,
    captureDelayMs } = {}) {
    this.window = window;
    this.document = window.document;
    this.bridge = bridge;
    this.now = now;
    this.isVisible = isVisible;
    /** @type {Map<Element, PaperView>} by card root, in page order */
    this.views = new Map();
    /** @type {PageState} */
    this.state = { items: {}, annotations: [], signedIn: false };
    /** papers seen before this visit are dimmed; those seen now stay bright while being read */
    this.visitStart = now();
    /** @type {Map<string, string>} paper id → what was last reported of its annotations, so reports go out on change */
    this.reportedOrphans = new Map();
    this.stateRequest = 0;
    this.seen = new SeenTracker({ createObserver,
      onSeen: (paperIds) => this.send({ type: MessageType.MarkSeen, paperIds, at: this.now().toISOString() }) });
    this.capture = new CaptureScheduler({ delayMs: captureDelayMs, capture: () => this.send({ type: MessageType.CapturePage,
      url: this.window.location.href, html: this.document.documentElement.outerHTML }) });
    this.toolbar = new SelectionToolbar(window, (selection) => this.resolveSelection(selection), {
      onHighlight: (target) => this.createAnnotation(target, ''),
      onNote: (target) => this.editor.open({ rect: target.rect, quote: target.text.slice(target.start, target.end),
        body: '', onDelete: null, onSave: (body) => body && this.createAnnotation(target, body) }),
    });
    this.editor = new NoteEditor(window);
    this.toast = new PageToast(window);
    // A note opens from its mark on the user's own click or key only: a script on the page cannot make it show.
    this.onMarkClick = trusted((/** @type {MouseEvent} */ event) => this.#openMarkOf(event, event.target));
    this.onMarkKey = trusted((/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Enter' || event.key === ' ') this.#openMarkOf(event, event.target);
    });
    /** @type {(() => void)[]} */
    this.unsubscribes = [];
  }

  start() {
    this.watcher = new PageWatcher(this.window, (change) => this.scan(change));
    // Capture phase: a mark inside a title link must open its note instead of following the link.
    this.document.addEventListener('click', this.onMarkClick, true);
    this.document.addEventListener('keydown', this.onMarkKey, true);
    this.unsubscribes.push(this.bridge.onMessage((message) => this.onMessage(message)),
      this.bridge.onStateChanged((change) => this.refreshState(change.paperIds)));
    this.scan({ navigated: false });
  }

  /** Re-reads the page: new cards get controls, gone cards are cleaned up, a new URL starts a new visit. */
  scan({ navigated }) {
    if (navigated) {
      this.visitStart = this.now();
      this.capture.navigated();
      this.editor.close();
      this.toolbar.hide();
    }
    const found = findPapers(this.document, this.isVisible ? { isVisible: this.isVisible } : {});
    let added = false;
    this.watcher.withoutWatching(() => {
      /** @type {Map<Element, PaperView>} */
      const next = new Map();
      for (const paper of found) {
        const view = this.views.get(paper.root);
        if (view && view.paper.title === paper.title && view.paper.paperId === paper.paperId
          && view.controls.host.isConnected) {
          view.paper = paper;
          view.highlights.fields = paper; // the abstract may have been re-rendered under the same title
          next.set(paper.root, view);
          this.views.delete(paper.root);
        } else {
          next.set(paper.root, this.#createView(paper));
          added = true;
        }
      }
      for (const stale of this.views.values()) this.#destroyView(stale);
      this.views = next;
    });
    this.capture.papersFound(found.map((paper) => paper.paperId));
    if (added || navigated) this.refreshState();
    else this.applyState();
  }

  /**
   * Asks the worker for the state of the papers on the page and shows it.
   * @param {string[]} [changedPaperIds] when given, a change to none of our papers needs no re-read
   */
  async refreshState(changedPaperIds) {
    const paperIds = [...new Set([...this.views.values()].map((view) => view.paper.paperId))];
    if (paperIds.length === 0) return;
    if (changedPaperIds && !changedPaperIds.some((id) => paperIds.includes(id))) return;
    const request = ++this.stateRequest;
    const state = await this.send({ type: MessageType.GetPageState, paperIds });
    if (request !== this.stateRequest || !state) return; // a newer request is on its way, or no worker yet
    this.state = { ...state, items: state.items ?? {}, annotations: state.annotations ?? [] };
    this.applyState();
  }

  /** Shows the current state on every paper: controls, highlights, dimming; reports orphaned highlights. */
  applyState() {
    const { items, annotations, collections = [], memberships = {} } = this.state;
    /** @type {Map<string, { orphans: Set<string>, anchored: Set<string>, textVersion: string }>} */
    const reports = new Map();
    this.watcher.withoutWatching(() => {
      for (const { paper, controls, highlights } of this.views.values()) {
        const item = items[paper.paperId];
        const orphans = highlights.paint(annotations.filter((a) => a.paperId === paper.paperId));
        const report = reports.get(paper.paperId)
          ?? { orphans: new Set(), anchored: new Set(), textVersion: highlights.textVersion() };
        reports.set(paper.paperId, report);
        for (const orphan of orphans) report.orphans.add(orphan.id);
        for (const id of highlights.anchored) report.anchored.add(id);
        controls.update({ item, collections, memberOf: memberships[paper.paperId] ?? [],
          orphanQuotes: orphans.map(quoteOf) });
        const seenBefore = paper.kind === 'card' && !!item?.seenAt && Date.parse(item.seenAt) < this.visitStart.getTime();
        paper.root.classList.toggle(SEEN_CLASS, seenBefore);
        if (item?.seenAt) this.seen.unobserve(paper.root);
      }
    });
    for (const [paperId, { orphans, anchored, textVersion }] of reports) {
      // Anchored somewhere on this page (a card and the page's own block) means not orphaned here.
      for (const id of anchored) orphans.delete(id);
      const key = `${[...orphans].sort().join(',')}|${[...anchored].sort().join(',')}`;
      if ((this.reportedOrphans.get(paperId) ?? '|') === key) continue; // nothing to say, or said already
      this.reportedOrphans.set(paperId, key);
      this.send({ type: MessageType.ReportOrphans, paperId, annotationIds: [...orphans], anchoredIds: [...anchored],
        textVersion, url: this.window.location?.href });
    }
  }

  /**
   * The selection as one field of one paper, or null when it lies in none.
   * @param {Selection} selection
   * @returns {SelectionTarget | null}
   */
  resolveSelection(selection) {
    if (selection.rangeCount === 0) return null;
    const range = selection.getRangeAt(0);
    for (const { paper } of this.views.values()) {
      for (const field of FIELDS) {
        const element = paper[field];
        if (!element || !(range.intersectsNode?.(element) ?? element.contains(range.startContainer))) continue;
        const fieldText = new FieldText(element);
        const offsets = fieldText.offsetsOf({ container: range.startContainer, offset: range.startOffset },
          { container: range.endContainer, offset: range.endOffset });
        if (offsets) return { paperId: paper.paperId, field, ...offsets, text: fieldText.text,
          rect: range.getBoundingClientRect() };
      }
    }
    return null;
  }

  /**
   * Stores a highlight (or a note, with a body) on the selected text and paints it at once.
   * @param {SelectionTarget} target
   * @param {string} body Markdown
   */
  createAnnotation(target, body) {
    /** @type {Annotation} */
    const annotation = { id: crypto.randomUUID(), paperId: target.paperId,
      kind: body ? 'note' : 'highlight', color: 'yellow', body,
      target: { field: target.field, selectors: describeRange(target.text, target.start, target.end) } };
    this.window.getSelection()?.removeAllRanges();
    this.#saveAnnotation(annotation);
    return annotation;
  }

  /**
   * @param {any} message a message from the worker
   * @returns {any} the answer, for the messages that ask something
   */
  onMessage(message) {
    if (message?.type === MessageType.SelectionTarget) {
      // The side panel re-attaches an orphan of this paper to what the reader selected here.
      const target = this.toolbar.current();
      if (!target || target.paperId !== message.paperId) return { ok: false };
      return { ok: true, target: { field: target.field,
        selectors: describeRange(target.text, target.start, target.end) } };
    }
    if (message?.type !== MessageType.Command) return undefined;
    if (message.command === 'highlight-selection') {
      const target = this.toolbar.current();
      if (target) this.createAnnotation(target, '');
      return undefined;
    }
    const view = this.focusedView();
    if (!view) return undefined;
    const title = view.paper.title.textContent?.replace(/\s+/g, ' ').trim() ?? view.paper.paperId;
    if (message.command === 'clip-paper') {
      if (view.controls.state.item?.clippedAt) this.toast.show(`Already clipped: “${title}”.`);
      else view.controls.toggleClip(title);
    }
    if (message.command === 'mark-read') {
      const before = view.controls.state.item?.status ?? 'new';
      view.controls.setStatus('read');
      this.toast.show(`Marked read: “${title}”.`, { undo: () => view.controls.setStatus(/** @type {any} */ (before)) });
    }
    return undefined;
  }

  /**
   * The paper a keyboard shortcut means: the one holding focus or the selection while it is on screen, else the one
   * most in view. A card focused long ago and scrolled away is not what the reader is looking at.
   * @returns {PaperView | undefined}
   */
  focusedView() {
    const views = [...this.views.values()];
    const shown = (/** @type {PaperView} */ view) => {
      const rect = view.paper.root.getBoundingClientRect();
      return Math.max(0, Math.min(rect.bottom, this.window.innerHeight) - Math.max(rect.top, 0));
    };
    const holder = (/** @type {Node | null | undefined} */ node) => node && views.find((v) => v.paper.root.contains(node)
      || v.controls.host === node);
    const focused = holder(this.document.activeElement) ?? holder(this.window.getSelection()?.anchorNode);
    if (focused && shown(focused) > 0) return focused;
    let best;
    let bestArea = 0;
    for (const view of views) {
      const area = shown(view);
      if (area > bestArea) [best, bestArea] = [view, area];
    }
    return best;
  }

  destroy() {
    this.watcher?.destroy();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.document.removeEventListener('click', this.onMarkClick, true);
    this.document.removeEventListener('keydown', this.onMarkKey, true);
    for (const view of this.views.values()) this.#destroyView(view);
    this.views.clear();
    this.seen.destroy();
    this.capture.destroy();
    this.toolbar.destroy();
    this.editor.destroy();
    this.toast.destroy();
  }

  /** @param {import('../shared/messages.js').Message} message */
  async send(message) {
    if (CHANGES.has(message.type)) this.capture.flush();
    try {
      return await this.bridge.send(message);
    } catch (error) {
      // The worker is restarting or the extension was reloaded; the next state revision brings us up to date.
      console.debug('PaperNotes: message not delivered', message.type, error);
      return undefined;
    }
  }

  /**
   * Sends a change already shown on the page; a refusal (a collection the user only views) puts back what the worker
   * holds.
   * @param {import('../shared/messages.js').Message} message
   */
  async #sendOrReread(message) {
    const answer = await this.send(message);
    if (answer?.ok === false) await this.refreshState();
  }

  /** @param {Annotation} annotation */
  #saveAnnotation(annotation) {
    void this.#sendOrReread({ type: MessageType.PutAnnotation, annotation });
    this.state = { ...this.state, annotations: [...this.state.annotations.filter((a) => a.id !== annotation.id), annotation] };
    this.applyState();
  }

  /** @param {Event} event @param {EventTarget | null} target */
  #openMarkOf(event, target) {
    const mark = /** @type {HTMLElement | null} */ (/** @type {Element} */ (target)?.closest?.(`[${MARK_ATTRIBUTE}]`));
    // A drag that starts on a mark selects text; only a plain click opens the note.
    if (!mark || (event.type === 'click' && !this.window.getSelection()?.isCollapsed)) return;
    const annotation = this.state.annotations.find((a) => a.id === mark.getAttribute(MARK_ATTRIBUTE));
    if (!annotation) return;
    event.preventDefault();
    event.stopPropagation();
    // Focus returns to the annotation's first mark, the one that is in the tab order.
    const first = [...this.views.values()].map((v) => v.highlights.marks.get(annotation.id))
      .find((marks) => marks?.includes(mark))?.[0] ?? mark;
    this.editor.open({ rect: mark.getBoundingClientRect(), quote: quoteOf(annotation), body: annotation.body ?? '',
      returnFocus: first,
      onSave: (body) => this.#saveAnnotation({ ...annotation, body }),
      onDelete: () => {
        void this.#sendOrReread({ type: MessageType.DeleteAnnotation, id: annotation.id,
          ...(annotation.libraryId ? { libraryId: annotation.libraryId } : {}) });
        this.state = { ...this.state, annotations: this.state.annotations.filter((a) => a.id !== annotation.id) };
        this.applyState();
        // The same annotation (id, text, place) put back: every device gets it again through the outbox.
        this.toast.show(annotation.body?.trim() ? 'Note deleted.' : 'Highlight deleted.',
          { undo: () => this.#saveAnnotation(annotation) });
      } });
  }

  /** @param {import('./cards.js').FoundPaper} paper @returns {PaperView} */
  #createView(paper) {
    // A host without its shadow root is a copy the page made of a card (or one left by an earlier injection).
    for (const stale of paper.root.querySelectorAll('.papernotes-card-controls')) stale.remove();
    const controls = new CardControls(this.document, paper.paperId, (message) => this.send(message), this.now, this.toast);
    if (paper.kind === 'card' && paper.root.tagName === 'ARTICLE') {
      paper.root.append(controls.host); // a footer row inside the card's border, shared by its two copies
    } else {
      const after = paper.kind === 'page' || !paper.abstract ? paper.title
        : paper.abstract.parentElement === paper.title.parentElement ? paper.abstract : paper.abstract.parentElement;
      after.after(controls.host);
    }
    if (paper.kind === 'card') this.seen.observe(paper.root, paper.paperId);
    return { paper, controls, highlights: new HighlightLayer(paper) };
  }

  /** @param {PaperView} view */
  #destroyView(view) {
    view.controls.destroy();
    view.highlights.destroy();
    view.paper.root.classList.remove(SEEN_CLASS);
    this.seen.unobserve(view.paper.root);
  }
}

/** @param {Annotation} annotation */
function quoteOf(annotation) {
  const quote = annotation.target?.selectors?.find((s) => s.type === 'TextQuoteSelector');
  return quote && 'exact' in quote ? quote.exact : '';
}
