// A small hyperscript helper: the app builds its DOM from plain calls, never from HTML strings (the only HTML it
// inserts is a note rendered by marked and sanitised by DOMPurify).

/**
 * @param {string} tag  `tag.class.class` shorthand
 * @param {Record<string, any> | null} [attributes]  `on*` functions become listeners; false/null/undefined are left out
 * @param {...(Node | string | number | false | null | undefined | (Node | string | false | null | undefined)[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes, ...children) {
  const [name, ...classes] = tag.split('.');
  const element = document.createElement(name);
  if (classes.length) element.className = classes.join(' ');
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (key === 'value') /** @type {HTMLInputElement} */ (element).value = value;
    else if (key === 'class') element.className = [element.className, value].filter(Boolean).join(' ');
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === false || child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}
