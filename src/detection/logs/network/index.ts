/**
 * Firewall and gateway log formats. Vendor formats come before the generic CEF/LEEF readers so that,
 * on equal detection scores, a FortiGate or Check Point CEF line is read with its vendor's mapping.
 */
import type { LogFormatDefinition } from '../../model.js';
import { cefFormat } from './cef.js';
import { checkpointFormat } from './checkpoint.js';
import { ciscoAsaFormat } from './cisco-asa.js';
import { fortigateFormat } from './fortigate.js';
import { iptablesFormat } from './iptables.js';
import { leefFormat } from './leef.js';
import { mikrotikFormat } from './mikrotik.js';
import { openbsdPfFormat } from './openbsd-pf.js';
import { paloaltoFormat } from './paloalto.js';
import { pfsenseFormat } from './pfsense.js';
import { sophosFormat } from './sophos.js';

export const networkLogFormats: readonly LogFormatDefinition[] = [
  fortigateFormat,
  paloaltoFormat,
  ciscoAsaFormat,
  checkpointFormat,
  sophosFormat,
  pfsenseFormat,
  iptablesFormat,
  mikrotikFormat,
  openbsdPfFormat,
  cefFormat,
  leefFormat,
];
