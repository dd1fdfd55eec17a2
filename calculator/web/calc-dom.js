/* View helpers: DOM building for the calculator's views. Nothing runs at import; every function
 * touches the document only when called. Untrusted text (unit names, links, imported files,
 * messages) only ever reaches the page through textContent and input values; there is no
 * innerHTML anywhere in the calculator. */

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach((key) => {
      const value = props[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key === "value" || key === "checked" || key === "disabled" || key === "hidden") el[key] = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    });
  }
  children.forEach((child) => add(el, child));
  return el;
}

export function add(el, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) child.forEach((c) => add(el, c));
  else el.append(child instanceof Node ? child : String(child));
}

export function put(el, ...children) { // replace el's children; null/false are skipped (replaceChildren would print "null")
  el.replaceChildren();
  children.forEach((child) => add(el, child));
}

export function listOf(texts, cls) {
  return texts.length ? h("ul", { class: cls }, texts.map((t) => h("li", { text: t }))) : null;
}
