// Maps a field element's DOM to its normalised text (see anchoring.js) and back, and paints highlights as <mark>s.
// Works on plain DOM calls only (no Range/splitText), so node tests can run it on linkedom.

/** Elements we add to the page carry this attribute; their text is never part of a field. */
export const UI_ATTRIBUTE = 'data-papernotes-ui';
/** Highlight marks carry the annotation id in this attribute. */
export const MARK_ATTRIBUTE = 'data-papernotes-annotation';
export const MARK_CLASS = 'papernotes-hl';

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_POSITION_FOLLOWING = 4;

/** @typedef {{ container: Node, offset: number }} BoundaryPoint  a DOM position, as a Range boundary */

/** The normalised text of one field element with, for every character, the text node and offset it came from. */
export class FieldText {
  /** @param {Element} element */
  constructor(element) {
    this.element = element;
    /** @type {Text[]} */
    this.nodes = [];
    /** @type {number[]} index into `nodes` per character */
    this.nodeOf = [];
    /** @type {number[]} offset inside that node per character */
    this.offsetOf = [];
    let text = '';
    for (const node of textNodesOf(element)) {
      const index = this.nodes.push(node) - 1;
      const data = node.data;
      for (let i = 0; i < data.length; i++) {
        const isSpace = /\s/.test(data[i]);
        // Collapse whitespace runs and drop leading whitespace, as normalizeText does.
        if (isSpace && (text.length === 0 || text.endsWith(' '))) continue;
        text += isSpace ? ' ' : data[i];
        this.nodeOf.push(index);
        this.offsetOf.push(i);
      }
    }
    if (text.endsWith(' ')) {
      text = text.slice(0, -1);
      this.nodeOf.pop();
      this.offsetOf.pop();
    }
    this.text = text;
  }

  /**
   * The normalised offsets of the part of a DOM range that lies in this field, trimmed of edge spaces; null when the
   * range holds none of the field's text.
   * @param {BoundaryPoint} start
   * @param {BoundaryPoint} end
   * @returns {{ start: number, end: number } | null}
   */
  offsetsOf(start, end) {
    let from = this.#firstCharAtOrAfter(start);
    let to = this.#firstCharAtOrAfter(end);
    while (from < to && this.text[from] === ' ') from++;
    while (to > from && this.text[to - 1] === ' ') to--;
    return to > from ? { start: from, end: to } : null;
  }

  /**
   * Index of the first character whose DOM position is at or after the boundary (the text length when none is).
   * @param {BoundaryPoint} point
   */
  #firstCharAtOrAfter({ container, offset }) {
    if (container.nodeType === TEXT_NODE) {
      const index = this.nodes.indexOf(/** @type {Text} */ (container));
      if (index !== -1) {
        const at = this.nodeOf.findIndex((n, i) => n > index || (n === index && this.offsetOf[i] >= offset));
        return at === -1 ? this.text.length : at;
      }
      return this.#firstCharAfterNode(container, false);
    }
    const child = container.childNodes[offset];
    return child ? this.#firstCharAfterNode(child, true) : this.#firstCharAfterNode(container, false);
  }

  /**
   * @param {Node} reference
   * @param {boolean} inclusive whether characters inside `reference` count as after it
   */
  #firstCharAfterNode(reference, inclusive) {
    const nodeIndex = this.nodes.findIndex((node) => (inclusive && (node === reference || reference.contains(node)))
      || (!reference.contains(node) && (reference.compareDocumentPosition(node) & DOCUMENT_POSITION_FOLLOWING)));
    if (nodeIndex === -1) return this.text.length;
    const at = this.nodeOf.findIndex((n) => n >= nodeIndex);
    return at === -1 ? this.text.length : at;
  }
}

/**
 * Wraps the text between normalised offsets in <mark> elements (one per text node touched) and returns them.
 * @param {Element} element the field
 * @param {number} start
 * @param {number} end
 * @param {{ id: string, className?: string }} options
 * @returns {HTMLElement[]}
 */
export function paintHighlight(element, start, end, { id, className = '' }) {
  const field = new FieldText(element);
  if (!(start >= 0 && end > start && end <= field.text.length)) return [];
  const firstNode = field.nodeOf[start];
  const lastNode = field.nodeOf[end - 1];
  const marks = [];
  for (let index = firstNode; index <= lastNode; index++) {
    const node = field.nodes[index];
    const from = index === firstNode ? field.offsetOf[start] : 0;
    const to = index === lastNode ? field.offsetOf[end - 1] + 1 : node.data.length;
    if (!node.data.slice(from, to).trim()) continue; // whitespace between blocks needs no paint
    const mark = node.ownerDocument.createElement('mark');
    mark.className = `${MARK_CLASS} ${className}`.trim();
    mark.setAttribute(MARK_ATTRIBUTE, id);
    const target = isolate(node, from, to);
    target.parentNode.insertBefore(mark, target);
    mark.appendChild(target);
    marks.push(mark);
  }
  return marks;
}

/**
 * Removes marks, putting their text back where it was and merging the text nodes painting split.
 * @param {Element[]} marks
 */
export function unpaintHighlight(marks) {
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    parent.normalize();
  }
}

/**
 * Splits a text node so that `[from, to)` is a node of its own, without Text.splitText (absent from linkedom).
 * @param {Text} node @param {number} from @param {number} to
 */
function isolate(node, from, to) {
  const doc = node.ownerDocument;
  const data = node.data;
  if (to < data.length) node.parentNode.insertBefore(doc.createTextNode(data.slice(to)), node.nextSibling);
  if (from > 0) node.parentNode.insertBefore(doc.createTextNode(data.slice(0, from)), node);
  if (from > 0 || to < data.length) node.data = data.slice(from, to);
  return node;
}

/**
 * Text nodes of a field in document order, skipping our own UI and scripts.
 * @param {Node} root
 * @returns {Generator<Text>}
 */
function* textNodesOf(root) {
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE) {
      yield /** @type {Text} */ (child);
    } else if (child.nodeType === ELEMENT_NODE) {
      const element = /** @type {Element} */ (child);
      if (element.hasAttribute(UI_ATTRIBUTE) || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(element.tagName)) continue;
      yield* textNodesOf(element);
    }
  }
}
