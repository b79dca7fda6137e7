/*
 * Building DOM from trace text without innerHTML: every string goes in as a text node, so a
 * name like `<img onerror=...>` in a config file is shown, never parsed.
 */

/** Creates an element with an optional class and text content. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Appends a definition-list entry (term and description) to `list`. */
export function definition(list: HTMLDListElement, term: string, description: string, className?: string): HTMLElement {
  const row = element('div', className ? `definition ${className}` : 'definition');
  row.append(element('dt', undefined, term), element('dd', undefined, description));
  list.append(row);
  return row;
}
