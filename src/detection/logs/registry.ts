/**
 * Every log format lamsach reads, by id, and per-file format detection over them (the algorithm
 * is in `../format-selector.ts`). Families are listed specific-first: on equal detection scores
 * the earlier format wins, so the generic CEF/LEEF readers (last in the network family) only take
 * lines no vendor format claims.
 */
import { chooseFormat, type FormatChoice } from '../format-selector.js';
import type { LogFormatDefinition } from '../model.js';
import { dnsLogFormats } from './dns/index.js';
import { networkLogFormats } from './network/index.js';
import { createZeekTsvParser, sensorLogFormats } from './sensors/index.js';
import { webLogFormats } from './web/index.js';

export const logFormats: readonly LogFormatDefinition[] = [
  ...dnsLogFormats,
  ...webLogFormats,
  ...sensorLogFormats,
  ...networkLogFormats,
];

const byId = new Map(logFormats.map((f) => [f.id, f]));

export function logFormat(id: string): LogFormatDefinition | undefined {
  return byId.get(id);
}

/**
 * The instance of a format that reads one file. Zeek TSV files define their columns in a header,
 * so each file gets a reader of its own; every other format is stateless and shared.
 */
export function instantiateLogFormat(format: LogFormatDefinition): LogFormatDefinition {
  return format.id === 'zeek-tsv' ? createZeekTsvParser() : format;
}

/**
 * Formats that write names and addresses verbatim (apart from case and a trailing dot), so the
 * raw-byte prefilter (`IndicatorMatcher.mightMatchBytes`) may rule a line out before it is parsed.
 * Each was checked on the corpus samples (test/detection/prefilter-corpus.test.ts). Left out on
 * purpose: Windows DNS debug logs (labels written as `(3)www(7)example(3)com(0)`), OpenBSD pf
 * (tcpdump's `address.port`), and the generic CEF/LEEF readers (whatever a vendor puts in them).
 */
const verbatimFormats = new Set([
  'bind-query',
  'unbound',
  'dnsmasq',
  'adguardhome',
  'technitium',
  'infoblox',
  'cisco-umbrella',
  'windows-dns-etw',
  'squid',
  'zscaler',
  'zeek-tsv',
  'zeek-json',
  'suricata-eve',
  'fortigate',
  'paloalto',
  'cisco-asa',
  'checkpoint',
  'sophos',
  'pfsense',
  'iptables',
  'mikrotik',
]);

export function prefilterSafe(format: LogFormatDefinition): boolean {
  return verbatimFormats.has(format.id);
}

/** The format of a file, from its first lines (see `chooseFormat`). */
export function detectLogFormat(sample: readonly string[]): FormatChoice {
  return chooseFormat(sample, logFormats);
}
