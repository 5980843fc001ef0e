/**
 * Well-known plain lists whose files carry no header to recognise them by, so they are detected
 * by file name or URL only. Each is the `plain` parser plus what the publisher tells us about
 * the whole list: the threat type (and for blocklist.de, which service was attacked).
 * - `blocklist-de`: lists.blocklist.de/lists/<service>.txt — ssh, imap, ftp, sip, bruteforcelogin
 *   and strongips → brute-force, mail → spam, apache → exploit, bots and ircbot → botnet-infected,
 *   all → blocklist;
 * - `ci-army`: CINS Army ci-badguys.txt → blocklist;
 * - `et-compromised`: Emerging Threats compromised-ips.txt → compromised;
 * - `openphish`: OpenPhish feed.txt → phishing;
 * - `vxvault`: VX Vault URL_List.php → malware-distribution; the page's prose lines are skipped.
 */
import type { ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedSample } from '../format.js';
import { anyLine, baseName } from './common.js';
import { createPlainParser, plainShare } from './plain.js';

const blocklistDeServices: Record<string, ThreatType> = {
  ssh: 'brute-force',
  imap: 'brute-force',
  ftp: 'brute-force',
  sip: 'brute-force',
  bruteforcelogin: 'brute-force',
  strongips: 'brute-force',
  mail: 'spam',
  apache: 'exploit',
  bots: 'botnet-infected',
  ircbot: 'botnet-infected',
  all: 'blocklist',
};

function fullName(sample: FeedSample): string {
  return (sample.name ?? '').toLowerCase();
}

/** Name match plus a content check, so a renamed file of another kind is not taken for it. */
function byName(sample: FeedSample, pattern: RegExp): number {
  if (!pattern.test(fullName(sample))) return 0;
  return plainShare(sample) >= 0.8 ? 0.75 : 0.4;
}

export const blocklistDeFormat: FeedFormatDefinition = {
  id: 'blocklist-de',
  title: 'blocklist.de attacker list (threat type from the service list name)',
  create(options) {
    const service = baseName(options.name).replace(/\.txt$/, '');
    const threatType = blocklistDeServices[service] ?? 'brute-force';
    return createPlainParser(options, {
      threatType,
      tags: service in blocklistDeServices ? [service] : undefined,
    });
  },
  detect: (sample) => byName(sample, /blocklist[._-]?de\b|lists\.blocklist\.de/),
};

export const ciArmyFormat: FeedFormatDefinition = {
  id: 'ci-army',
  title: 'CINS Army ci-badguys list',
  create: (options) => createPlainParser(options, { threatType: 'blocklist' }),
  detect: (sample) => byName(sample, /ci-badguys|cinsscore|ci[-_]army/),
};

export const etCompromisedFormat: FeedFormatDefinition = {
  id: 'et-compromised',
  title: 'Emerging Threats compromised-ips list',
  create: (options) => createPlainParser(options, { threatType: 'compromised' }),
  detect: (sample) => byName(sample, /compromised-ips/),
};

export const openphishFormat: FeedFormatDefinition = {
  id: 'openphish',
  title: 'OpenPhish phishing URL feed',
  create: (options) => createPlainParser(options, { threatType: 'phishing' }),
  detect: (sample) => byName(sample, /openphish/),
};

export const vxvaultFormat: FeedFormatDefinition = {
  id: 'vxvault',
  title: 'VX Vault malware URL list',
  create: (options) => createPlainParser(options, { threatType: 'malware-distribution', skipProse: true }),
  detect(sample) {
    if (anyLine(sample, /^\s*(<pre>)?\s*VX Vault/i, 5)) return 0.95;
    return /vxvault|url_list\.php/.test(fullName(sample)) ? 0.75 : 0;
  },
};
