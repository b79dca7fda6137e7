/*
 * Text from a user's config written into SVG documents (the exported sequence diagram, the
 * hover's flow image) as text, never as markup: a route called `<script>` stays text.
 */

/**
 * XML 1.0 allows neither C0 controls (other than tab, newline, carriage return) nor lone
 * surrogates nor U+FFFE/U+FFFF, even escaped (XML 1.0 §2.2 Char): they become U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Every character either function below changes: most labels hold none, and the sequence view
 * writes three texts per row it draws, so one test spares them the replacements.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const NEEDS_ESCAPE = /[&<>"\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text content: `&` and `<` escaped (and `>`, for `]]>`), characters XML cannot hold replaced. */
export function xmlText(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value; whitespace other than spaces is escaped, since parsers normalise it. */
export function xmlAttribute(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return xmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
