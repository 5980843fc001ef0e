/**
 * The line-oriented feed formats (plus the one small JSON export that belongs with the IntelMQ
 * list feeds), in the order they are listed to people: generic lists first, then DNS policy
 * formats, then provider-specific lists.
 */
import type { FeedFormatDefinition } from '../format.js';
import { abusechTextFormat } from './abusech.js';
import { bambenekFormat } from './bambenek.js';
import { dataplaneFormat } from './dataplane.js';
import { adblockFormat, dnsmasqFormat, hostsFormat } from './dns-blocklists.js';
import { dshieldAsnFormat, dshieldBlockFormat } from './dshield.js';
import { fraunhoferDgaFormat } from './fraunhofer-dga.js';
import { maltrailFormat } from './maltrail.js';
import {
  blocklistDeFormat,
  ciArmyFormat,
  etCompromisedFormat,
  openphishFormat,
  vxvaultFormat,
} from './named-lists.js';
import { plainFormat } from './plain.js';
import { cymruBogonsFormat, dangerRulezFormat, malwarePatrolFormat, turrisFormat } from './provider-lists.js';
import { rpzFormat } from './rpz.js';
import { spamhausAsnDropFormat, spamhausDropFormat } from './spamhaus.js';
import { etBotccFormat } from './suricata-ip-rules.js';
import { wazuhCdbFormat } from './wazuh-cdb.js';

export const textFormats: FeedFormatDefinition[] = [
  plainFormat,
  hostsFormat,
  dnsmasqFormat,
  adblockFormat,
  rpzFormat,
  spamhausDropFormat,
  spamhausAsnDropFormat,
  dshieldBlockFormat,
  dshieldAsnFormat,
  etBotccFormat,
  maltrailFormat,
  wazuhCdbFormat,
  abusechTextFormat,
  dataplaneFormat,
  bambenekFormat,
  dangerRulezFormat,
  turrisFormat,
  cymruBogonsFormat,
  malwarePatrolFormat,
  fraunhoferDgaFormat,
  blocklistDeFormat,
  ciArmyFormat,
  etCompromisedFormat,
  openphishFormat,
  vxvaultFormat,
];
