/*
 * Text from a config reaches the terminal in route names, API names and error messages. A
 * terminal obeys control characters in what it prints: OSC 52 writes the clipboard, OSC 8
 * makes links, others set the window title or clear the screen. So every control character
 * but newline and tab is printed as its JSON-style escape (`\u001b`), which is also what the
 * same character looks like inside the JSON output, where it stays valid JSON.
 */

// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** `text` with every C0 and C1 control character but newline and tab written as `\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
