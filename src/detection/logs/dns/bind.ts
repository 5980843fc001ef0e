/**
 * ISC BIND 9 query, RPZ and security logs (`named`), written to a file channel (with BIND's own
 * `dd-Mmm-yyyy hh:mm:ss.mmm` local time) or through syslog. The grammar and the time-zone rule are
 * in `bind-core.ts`.
 */
import type { LogFormatDefinition } from '../../model.js';
import { bindMessageScore, parseBindMessage } from './bind-core.js';
import { detectWithEnvelope, withEnvelope } from './common.js';

export const bindQueryFormat: LogFormatDefinition = {
  id: 'bind-query',
  title: 'ISC BIND 9 query / RPZ / security log (named)',
  detect: (line) => detectWithEnvelope(line, bindMessageScore),
  parse: (line, context) => withEnvelope(line, context, (m, c) => parseBindMessage(m, c, 'bind-query')),
};
