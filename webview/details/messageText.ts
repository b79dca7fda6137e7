import { hexToBytes } from '../hexDump';

/*
 * An HTTP message as text, for the details panel: the request or status line, the headers and
 * a body a person can read (JSON, XML, a SOAP envelope a mapping template wrote). Bytes that
 * are not UTF-8 text, or that hold control characters other than tabs and line ends, are left
 * to the hex dump. Shown through textContent, so a body holding markup stays text.
 */

export interface MessageText {
  text: string;
  /** Characters not shown because the text stops at the limit. */
  omittedCharacters: number;
}

const DECODER = new TextDecoder('utf-8', { fatal: true });

/** The payload as text, or undefined when it is not readable text. */
export function messageText(payloadHex: string, maxCharacters = 8192): MessageText | undefined {
  const bytes = hexToBytes(payloadHex);
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = DECODER.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex -- the control characters are what is looked for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  const shown = text.replace(/\r\n/g, '\n');
  return { text: shown.slice(0, maxCharacters), omittedCharacters: Math.max(0, shown.length - maxCharacters) };
}
