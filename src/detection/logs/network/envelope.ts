/**
 * The syslog envelope around firewall lines, as one thin call to the shared `stripSyslog` so every
 * parser in the firewall, proxy and sensor families unwraps the same way: a line reaches a parser either
 * bare or still in its RFC 3164 / RFC 5424 envelope, and the envelope's time and host are the fallback
 * for the event's own.
 */
import type { ParseContext } from '../../model.js';
import { stripSyslog } from '../syslog.js';

export interface Unwrapped {
  message: string;
  time?: string | undefined;
  host?: string | undefined;
  program?: string | undefined;
}

/** The message inside a syslog envelope, or the whole line when it has none. */
export function unwrapSyslog(line: string, context: ParseContext): Unwrapped {
  return stripSyslog(line, context) ?? { message: line };
}
