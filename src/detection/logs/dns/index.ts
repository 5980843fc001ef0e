/**
 * The DNS server and DNS filter log formats, most specific first so that, when several claim a
 * line with the same confidence, the narrower reading wins.
 */
import type { LogFormatDefinition } from '../../model.js';
import { adguardHomeFormat } from './adguardhome.js';
import { bindQueryFormat } from './bind.js';
import { dnsmasqFormat } from './dnsmasq.js';
import { infobloxFormat } from './infoblox.js';
import { technitiumFormat } from './technitium.js';
import { umbrellaFormat } from './umbrella.js';
import { unboundFormat } from './unbound.js';
import { windowsDnsDebugFormat } from './windows-debug.js';
import { windowsDnsEtwFormat } from './windows-etw.js';

export const dnsLogFormats: LogFormatDefinition[] = [
  windowsDnsEtwFormat,
  windowsDnsDebugFormat,
  umbrellaFormat,
  adguardHomeFormat,
  technitiumFormat,
  infobloxFormat,
  bindQueryFormat,
  unboundFormat,
  dnsmasqFormat,
];

export {
  adguardHomeFormat,
  bindQueryFormat,
  dnsmasqFormat,
  infobloxFormat,
  technitiumFormat,
  umbrellaFormat,
  unboundFormat,
  windowsDnsDebugFormat,
  windowsDnsEtwFormat,
};
