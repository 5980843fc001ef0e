/**
 * What a log line says about a connection or a lookup, in the vocabulary of the Elastic Common
 * Schema (ECS) so detections read the same whatever the device. Pure types; no I/O.
 */

/** allowed / blocked as the device decided; unknown when the line does not say. */
export type LogAction = 'allowed' | 'blocked' | 'unknown';

export interface LogEvent {
  /** format id of the parser that read the line, e.g. `bind-query` */
  format: string;
  /** ISO-8601 UTC time of the event, when the line has one (see each parser for time zone rules) */
  time?: string;
  sourceIp?: string;
  sourcePort?: number;
  destinationIp?: string;
  destinationPort?: number;
  /** the name looked up (DNS logs) or the host asked for (proxy logs), lower-case, no trailing dot */
  dnsQuestionName?: string;
  /** DNS answers that are addresses, when the log has them (sinkhole detection uses them) */
  dnsAnswers?: string[];
  /** full URL as logged (proxy/HTTP logs) */
  urlOriginal?: string;
  /** host part of the URL or the HTTP Host header */
  urlDomain?: string;
  action?: LogAction;
  /** the device's own verb (e.g. `deny`, `accept`, `NXDOMAIN`), as ECS event.action */
  rawAction?: string;
  /** name or address of the device that wrote the line (syslog host, devname…) */
  device?: string;
  /** transport protocol (tcp/udp/icmp…) when known */
  protocol?: string;
}

/** Context a parser may need: the time zone for lines without one, the year for syslog lines without one. */
export interface ParseContext {
  /** offset in minutes east of UTC applied to local times without a zone (default 420 = Việt Nam) */
  utcOffsetMinutes: number;
  /** year for timestamps without one (RFC 3164 syslog), default the current year */
  year: number;
}

export const defaultParseContext = (): ParseContext => ({
  utcOffsetMinutes: 420,
  year: new Date().getUTCFullYear(),
});

export type ParseOutcome = LogEvent | null;

export interface LogFormatDefinition {
  /** stable id used on the command line (`--log-format`), e.g. `fortigate` */
  id: string;
  /** product and log type, e.g. "FortiGate traffic/UTM log (key=value)" */
  title: string;
  /**
   * How sure we are that this line is this format: 0 = not it, 1 = certain. Called on the first
   * lines of a file and, when a file mixes formats (syslog servers), per line.
   */
  detect(line: string): number;
  /**
   * Reads one line (already stripped of any syslog envelope the format does not itself expect).
   * Returns null for lines of this format that carry no event (headers, comments, stats) or that
   * cannot be read; it never throws.
   */
  parse(line: string, context: ParseContext): ParseOutcome;
}
