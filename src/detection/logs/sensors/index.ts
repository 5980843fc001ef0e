/** Network sensor log formats: Zeek (TSV and JSON) and Suricata EVE. */
import type { LogFormatDefinition } from '../../model.js';
import { suricataEveFormat } from './suricata-eve.js';
import { zeekJsonFormat } from './zeek-json.js';
import { zeekTsvFormat } from './zeek-tsv.js';

export { createZeekTsvParser, type ZeekTsvParser } from './zeek-tsv.js';

export const sensorLogFormats: readonly LogFormatDefinition[] = [
  zeekTsvFormat,
  zeekJsonFormat,
  suricataEveFormat,
];
