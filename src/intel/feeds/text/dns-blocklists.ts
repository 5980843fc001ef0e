/**
 * Domain block lists written for a resolver or a browser blocker: hosts files
 * (`0.0.0.0 evil.example`), dnsmasq configuration (`address=/evil.example/0.0.0.0`,
 * `server=/evil.example/`, `local=/evil.example/`) and Adblock-style network filters
 * (`||evil.example^$important`).
 *
 * What each entry covers follows the tool it was written for: a hosts entry names exactly one
 * host (exactDomain), while dnsmasq and `||domain^` rules cover the domain and its subdomains.
 * Entries a tool reads as exceptions (`@@||…`, dnsmasq forwarding to a real upstream) are
 * reported as rejections, since importing them as indicators would block what the list allows.
 */
import { parseIp } from '../../../net/ip.js';
import type { FeedItem, FeedSink } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  anyLine,
  baseName,
  cleanLine,
  isDomainLike,
  headerReader,
  lineParser,
  reject,
  rejectIfTooLong,
  shareOfDataLines,
  withOptional,
} from './common.js';
import { commentText } from './plain.js';

type HeaderReader = ReturnType<typeof headerReader>;

/** Names every hosts file maps to itself; never indicators. */
const localNames = new Set([
  'localhost',
  'localhost.localdomain',
  'localdomain',
  'local',
  'broadcasthost',
  'ip6-localhost',
  'ip6-loopback',
  'ip6-localnet',
  'ip6-mcastprefix',
  'ip6-allnodes',
  'ip6-allrouters',
  'ip6-allhosts',
  '0.0.0.0',
]);

function emitDomain(
  sink: FeedSink,
  lineNumber: number,
  value: string,
  exactDomain: boolean,
  header: HeaderReader,
  options: FeedParserOptions,
  description?: string,
): void {
  // `||192.0.2.1^` and hosts-style IP "names" are addresses, left for the importer to type
  const item: FeedItem = parseIp(value)
    ? { line: lineNumber, value }
    : { line: lineNumber, value, type: 'domain' };
  if (exactDomain && item.type === 'domain') item.exactDomain = true;
  sink.item(
    withOptional(item, {
      threatType: header.threatType(),
      family: options.defaultFamily,
      lastSeen: header.lastSeen,
      description,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// hosts

function isHostsComment(line: string): boolean {
  return line.charCodeAt(0) === 35;
}

export const hostsFormat: FeedFormatDefinition = {
  id: 'hosts',
  title: 'Hosts file (0.0.0.0 evil.example): each name blocks exactly that host',
  create(options) {
    const header = headerReader(options);
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      let line = cleanLine(raw);
      if (line.length === 0) return;
      if (isHostsComment(line)) {
        header.read(commentText(line));
        return;
      }
      const hash = line.indexOf('#');
      let note: string | undefined;
      if (hash >= 0) {
        note = line.slice(hash + 1).trim();
        line = line.slice(0, hash).trim();
      }
      const fields = line.trim().split(/\s+/);
      const address = fields[0]!;
      let names = fields.slice(1);
      if (!parseIp(address) && !/%/.test(address)) {
        // some lists drop the address column; a lone name is still an entry
        if (fields.length === 1 && isDomainLike(address)) names = [address];
        else {
          reject(
            sink,
            lineNumber,
            `"${address.slice(0, 60)}" is not an IP address; a hosts line is "address name [name…]"`,
            raw,
          );
          return;
        }
      } else if (names.length === 0) {
        reject(sink, lineNumber, 'the hosts line has an address but no host name', raw);
        return;
      }
      for (const name of names) {
        if (localNames.has(name.toLowerCase())) continue;
        emitDomain(sink, lineNumber, name, true, header, options, note || undefined);
      }
    });
  },
  detect(sample) {
    const share = shareOfDataLines(sample, isHostsComment, (line) =>
      /^(?:0\.0\.0\.0|127\.0\.0\.1|::1?|::)\s+\S+/.test(line),
    );
    if (share >= 0.8) return 0.8;
    return share >= 0.5 ? 0.5 : /(^|[._-])hosts?([._-]|$)/.test(baseName(sample.name)) && share > 0 ? 0.4 : 0;
  },
};

// ---------------------------------------------------------------------------------------------
// dnsmasq

const dnsmasqDirective = /^(address|server|local)=\/(.*)\/([^/]*)$/;

export const dnsmasqFormat: FeedFormatDefinition = {
  id: 'dnsmasq',
  title: 'dnsmasq configuration (address=/evil.example/0.0.0.0, server=/evil.example/, local=/evil.example/)',
  create(options) {
    const header = headerReader(options);
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (line.charCodeAt(0) === 35) {
        header.read(commentText(line));
        return;
      }
      const m = dnsmasqDirective.exec(line);
      if (!m) {
        reject(sink, lineNumber, 'not an address=/…/, server=/…/ or local=/…/ line', raw);
        return;
      }
      const directive = m[1]!;
      const target = m[3]!.trim();
      // server=/d/1.2.3.4 sends d to a real resolver: that is routing, not blocking
      if (directive === 'server' && target !== '' && target !== '#') {
        reject(
          sink,
          lineNumber,
          `server= forwards the domain to the resolver ${target}; it does not block it`,
          raw,
        );
        return;
      }
      for (const domain of m[2]!.split('/')) {
        if (domain === '' || domain === '#') {
          reject(
            sink,
            lineNumber,
            'the line applies to every domain ("#" or empty), not to a listed one',
            raw,
          );
          return;
        }
      }
      for (const domain of m[2]!.split('/'))
        emitDomain(sink, lineNumber, domain.trim(), false, header, options);
    });
  },
  detect(sample) {
    const share = shareOfDataLines(
      sample,
      (l) => l.startsWith('#'),
      (l) => dnsmasqDirective.test(l),
    );
    if (share >= 0.8) return 0.9;
    return share >= 0.3 ? 0.6 : anyLine(sample, /^(address|server|local)=\//) ? 0.4 : 0;
  },
};

// ---------------------------------------------------------------------------------------------
// Adblock network filters

const adblockRule = /^\|\|([^/^$*|]+)\^?(?:\|)?(?:\$(.*))?$/;

function isAdblockComment(line: string): boolean {
  return (
    line.charCodeAt(0) === 33 /* ! */ ||
    (line.startsWith('[') && line.endsWith(']')) ||
    line.startsWith('# ') ||
    line === '#'
  );
}

export const adblockFormat: FeedFormatDefinition = {
  id: 'adblock',
  title: 'Adblock-style filter list (||evil.example^): each rule blocks the domain and its subdomains',
  create(options) {
    const header = headerReader(options);
    return lineParser((raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (isAdblockComment(line)) {
        if (line.charCodeAt(0) === 33) header.read(line.slice(1).trim());
        return;
      }
      if (line.startsWith('@@')) {
        reject(sink, lineNumber, 'an exception rule (@@) allows traffic; it is not an indicator', raw);
        return;
      }
      if (/#[@?$%]?#/.test(line)) {
        reject(sink, lineNumber, 'a cosmetic (element hiding) rule names no domain to block', raw);
        return;
      }
      const m = adblockRule.exec(line);
      if (m) {
        const opts = (m[2] ?? '').toLowerCase().split(',');
        if (opts.includes('badfilter')) {
          reject(sink, lineNumber, 'a $badfilter rule cancels another rule; it is not an indicator', raw);
          return;
        }
        emitDomain(sink, lineNumber, m[1]!, false, header, options);
        return;
      }
      // AdGuard DNS lists also accept bare host names
      if (isDomainLike(line)) {
        emitDomain(sink, lineNumber, line, false, header, options);
        return;
      }
      reject(
        sink,
        lineNumber,
        'only domain rules (||domain^) can be imported; URL patterns and wildcards cannot',
        raw,
      );
    });
  },
  detect(sample) {
    if (anyLine(sample, /^\s*\[(Adblock|uBlock|AdGuard)[^\]]*\]\s*$/i, 5)) return 1;
    const share = shareOfDataLines(sample, isAdblockComment, (l) => adblockRule.test(l));
    return share >= 0.8 ? 0.8 : share >= 0.3 ? 0.5 : 0;
  },
};
