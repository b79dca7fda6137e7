import { headerValue } from '../net/http';
import { defaultRequestHeaders } from '../scenario/httpExchange';

/*
 * The harness plays the browser profile with headless Chromium, which names itself
 * `HeadlessChrome/156.0.0.0` in its User-Agent where a user's Chrome says `Chrome/156.0.0.0`
 * (8 more bytes before HPACK; its sec-ch-ua brand list is the headed browser's, as captured).
 * The model's browser is the user's; before a browser row is compared, the model runs with the
 * headless User-Agent, derived from its own, and the table says so. Every other header and
 * byte of the model's request is still its own.
 */

const HEADED = 'Chrome/';
const HEADLESS = 'HeadlessChrome/';

/** What the harness aligns for a client profile: the User-Agent the model runs with, and the note; undefined for other clients. */
export function headlessAlignment(clientProfile: string): { userAgent: string; note: string } | undefined {
  if (clientProfile !== 'browser') return undefined;
  const headed = headerValue(defaultRequestHeaders('browser'), 'User-Agent');
  if (headed === undefined || !headed.includes(` ${HEADED}`)) return undefined;
  const userAgent = headed.replace(` ${HEADED}`, ` ${HEADLESS}`);
  const version = /Chrome\/([\d.]+)/.exec(headed)?.[1] ?? '';
  return {
    userAgent,
    note: `headless Chromium's User-Agent: the model's browser says Chrome/${version}, the harness's headless Chromium HeadlessChrome/${version} (${userAgent.length - headed.length} bytes more before HPACK); the model ran with the headless one`,
  };
}
