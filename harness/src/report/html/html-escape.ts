// Escaping for the HTML reports: text and attributes, and JSON placed inside a <script> element.

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON that is safe inside `<script type="application/json">`: `<` is escaped so a user-supplied name containing
 * `</script>` cannot end the element, and U+2028/U+2029 so older parsers read it as JSON.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Keeps inlined code (uPlot, the report's own script, CSS) from closing its element early. */
export function inlineCode(code: string, element: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1');
}
