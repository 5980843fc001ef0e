/**
 * The structured (CSV and JSON) feed formats, in the order the registry lists them. Generic `csv`
 * comes last so that, on equal detection scores, a specific format is listed first.
 */
import type { FeedFormatDefinition } from '../format.js';
import { feodoCsvFormat, sslblCsvFormat, urlhausCsvFormat } from './abusech-csv.js';
import { feodoJsonFormat, threatfoxJsonFormat } from './abusech-json.js';
import { genericCsvFormat } from './generic-csv.js';
import { mispManifestFormat } from './misp-manifest.js';
import { mispEventFormat } from './misp.js';
import { otxFormat } from './otx.js';
import { openphishCommercialFormat, phishtankFormat } from './phishing.js';
import { stix2Format } from './stix2.js';
import { bluelivFormat, esetFormat, githubIocFormat } from './vendor-json.js';

export { mispManifestEventIds } from './misp-manifest.js';
export { splitCsvLine } from './csv-line.js';

export const structuredFormats: FeedFormatDefinition[] = [
  feodoCsvFormat,
  feodoJsonFormat,
  urlhausCsvFormat,
  threatfoxJsonFormat,
  sslblCsvFormat,
  stix2Format,
  mispEventFormat,
  mispManifestFormat,
  otxFormat,
  bluelivFormat,
  esetFormat,
  phishtankFormat,
  githubIocFormat,
  openphishCommercialFormat,
  genericCsvFormat,
];
