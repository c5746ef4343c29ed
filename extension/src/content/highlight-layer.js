// Paints one paper's annotations on its title and abstract fields, re-anchoring them from their selectors each time.
import { anchorSelectors } from '../shared/anchoring.js';
import { FieldText, paintHighlight, unpaintHighlight } from '../shared/anchoring-dom.js';

/** @typedef {import('../shared/messages.js').Annotation} Annotation */

export class HighlightLayer {
  /** @param {{ title: Element, abstract: Element | null }} fields */
  constructor(fields) {
    this.fields = fields;
    /** @type {Map<string, HTMLElement[]>} annotation id → its marks */
    this.marks = new Map();
    /** what was painted last, so an unchanged state does not repaint (and lose focus on a mark) */
    this.signature = '';
    /** @type {Annotation[]} */
    this.orphans = [];
  }

  /**
   * Paints these annotations (replacing what was painted) and answers those that could not be anchored in a field
   * shown here. Annotations on a field this view lacks (a card without abstract) are neither painted nor orphaned.
   * @param {Annotation[]} annotations of this paper
   * @returns {Annotation[]} orphans
   */
  paint(annotations) {
    const signature = JSON.stringify(annotations.map((a) => [a.id, a.target, a.body ?? '', a.color ?? '']));
    if (signature === this.signature && this.#stillPainted()) return this.orphans;
    this.clear();
    this.signature = signature;
    /** @type {Annotation[]} */
    const orphans = [];
    for (const field of /** @type {const} */ (['title', 'abstract'])) {
      const element = this.fields[field];
      const mine = annotations.filter((a) => a.target?.field === field);
      if (!element || mine.length === 0) continue;
      const text = new FieldText(element).text;
      // Longer ranges first, so a shorter highlight inside a longer one nests within it and stays visible.
      const anchored = [];
      for (const annotation of mine) {
        const anchor = anchorSelectors(text, annotation.target.selectors ?? []);
        if (anchor) anchored.push({ annotation, anchor });
        else orphans.push(annotation);
      }
      anchored.sort((a, b) => (b.anchor.end - b.anchor.start) - (a.anchor.end - a.anchor.start));
      for (const { annotation, anchor } of anchored) {
        const marks = paintHighlight(element, anchor.start, anchor.end, { id: annotation.id,
          className: classesOf(annotation) });
        if (marks.length === 0) continue;
        marks[0].tabIndex = 0;
        marks[0].setAttribute('role', 'button');
        marks[0].setAttribute('aria-label', annotation.body ? 'Note: open it' : 'Highlight: add a note or remove it');
        this.marks.set(annotation.id, marks);
      }
    }
    this.orphans = orphans;
    return orphans;
  }

  clear() {
    for (const marks of this.marks.values()) unpaintHighlight(marks);
    this.marks.clear();
    this.signature = '';
  }

  destroy() {
    this.clear();
  }

  /** The page re-renders cards on its own; a mark it threw away means painting again. */
  #stillPainted() {
    return [...this.marks.values()].every((marks) => marks.every((mark) => mark.isConnected));
  }
}

/** @param {Annotation} annotation */
function classesOf(annotation) {
  const color = /^[a-z]+$/.test(annotation.color ?? '') ? annotation.color : 'yellow';
  return `papernotes-hl--${color}${annotation.body?.trim() ? ' papernotes-hl--note' : ''}`;
}
