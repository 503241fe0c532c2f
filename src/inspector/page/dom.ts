/**
 * The page's one DOM helper: `h('div', {class: 'card'}, child, ...)` builds an element (a small
 * hyperscript, typed by tag name). Text children become text nodes, so nothing the API returns is
 * ever parsed as HTML.
 */

/** A child: an element, text, or nothing (skipped). */
export type Child = Node | string | number | false | null | undefined | readonly Child[];

/** Attributes: strings (or `true` for a bare attribute; `false`/`undefined` omit it), `on*` listeners. */
export type Props = Readonly<
  Record<string, string | number | boolean | undefined | ((event: Event) => void)>
>;

/** Builds an element with attributes, listeners (`onclick`, `oninput`, ...) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child as readonly Child[]);
    else if (child instanceof Node) parent.appendChild(child);
    else
      parent.appendChild(
        document.createTextNode(typeof child === 'number' ? String(child) : (child as string)),
      );
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Pretty JSON for a `<pre>`. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
