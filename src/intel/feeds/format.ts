/**
 * A feed format: how to recognise it and how to parse it. Every parser is pure (no I/O) and
 * streaming (fed line by line), so the same code serves file imports, HTTP pulls and tests.
 */
import type { FeedParser, ThreatType } from '../model.js';

/** The beginning of a file, for format detection. */
export interface FeedSample {
  /** file name or URL path, when known (e.g. `ipblocklist.csv`, `feed.txt`) */
  name?: string;
  /** the first lines of the file (up to about 200), without line terminators */
  lines: string[];
}

/** Column mapping for generic CSV feeds: which header holds what. */
export interface CsvMapping {
  /** header name of the indicator value column */
  value: string;
  type?: string;
  threatType?: string;
  family?: string;
  confidence?: string;
  firstSeen?: string;
  lastSeen?: string;
  tags?: string;
  description?: string;
  port?: string;
  /** field delimiter; default `,` */
  delimiter?: string;
}

export interface FeedParserOptions {
  /** for the generic `csv` format */
  csv?: CsvMapping;
  /** applied to items whose line says nothing about it */
  defaultThreatType?: ThreatType;
  defaultFamily?: string;
  /** file name, for formats that take the family from it (Maltrail trails) */
  name?: string;
}

export interface FeedFormatDefinition {
  /** stable id used in configuration and on the command line, e.g. `feodo-csv` */
  id: string;
  /** one line for people, e.g. "abuse.ch Feodo Tracker IP blocklist (CSV)" */
  title: string;
  create(options: FeedParserOptions): FeedParser;
  /**
   * How sure we are that the sample is this format: 0 = not it, 1 = certain (a signature line).
   * Generic formats (plain lists, generic CSV) answer at most 0.3 so specific ones win.
   */
  detect(sample: FeedSample): number;
}
