// Paints one paper's annotations on its title, abstract and AI-summary fields, re-anchoring them from their selectors each time.
import { anchorSelectors } from '../shared/anchoring.js';
import { FieldText, paintHighlight, unpaintHighlight } from '../shared/anchoring-dom.js';
import { FIELDS } from './cards.js';

/** @typedef {import('../shared/messages.js').Annotation} Annotation */

export class HighlightLayer {
  /** @param {{ title: Element, abstract: Element | null, summary?: Element | null }} fields */
  constructor(fields) {
    this.fields = fields;
    /** @type {Map<string, HTMLElement[]>} annotation id → its marks */
    this.marks = new Map();
    /** what was painted last, so an unchanged state does not repaint (and lose focus on a mark) */
    this.signature = '';
    /** @type {Annotation[]} */
    this.orphans = [];
    /** @type {string[]} ids of the annotations anchored in the last paint */
    this.anchored = [];
  }

  /**
   * Paints these annotations (replacing what was painted) and answers those that could not be anchored in a field
   * shown here. Each annotation anchors in its own field; one on the abstract or the summary is also looked for in the
   * other one (highlights made before the summary was told apart were recorded as on the abstract). Annotations on a
   * field this view lacks (a trending card shows the summary, not the abstract) are painted if found in the other
   * field, and otherwise neither painted nor orphaned.
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
    /** @type {Map<Element, { annotation: Annotation, anchor: import('../shared/anchoring.js').Anchor }[]>} */
    const byElement = new Map();
    /** @type {Map<Element, string>} */
    const texts = new Map();
    const textOf = (/** @type {Element} */ element) => {
      if (!texts.has(element)) texts.set(element, new FieldText(element).text);
      return /** @type {string} */ (texts.get(element));
    };
    for (const annotation of annotations) {
      const field = annotation.target?.field;
      if (!FIELDS.includes(/** @type {any} */ (field))) continue;
      const own = this.fields[/** @type {import('./cards.js').FieldName} */ (field)] ?? null;
      const sibling = field === 'abstract' ? this.fields.summary : field === 'summary' ? this.fields.abstract : null;
      const candidates = /** @type {Element[]} */ ([own, sibling].filter(Boolean));
      if (candidates.length === 0) continue;
      // The quote found as it is beats a fuzzy match: "simulates real-world trading firms" is in the summary, and
      // only approximately ("replicate real-world trading firms'") in the abstract.
      const found = candidates.map((element) => ({ element,
        anchor: anchorSelectors(textOf(element), annotation.target.selectors ?? []) })).filter((c) => c.anchor);
      const best = found.find((c) => c.anchor?.method !== 'fuzzy') ?? found[0];
      if (best?.anchor) {
        if (!byElement.has(best.element)) byElement.set(best.element, []);
        byElement.get(best.element)?.push({ annotation, anchor: best.anchor });
      } else if (own) {
        orphans.push(annotation);
      }
    }
    for (const [element, anchored] of byElement) {
      // Longer ranges first, so a shorter highlight inside a longer one nests within it and stays visible.
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
    this.anchored = [...this.marks.keys()];
    return orphans;
  }

  /**
   * A short fingerprint of the text this view shows, so an orphan is known to belong to one version of a page's text.
   * @returns {string}
   */
  textVersion() {
    const text = FIELDS.map((field) => (this.fields[field] ? new FieldText(this.fields[field]).text : '')).join('\u0000');
    let hash = 0x811c9dc5; // FNV-1a, 32 bits: enough to tell versions of one paper's text apart
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
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
