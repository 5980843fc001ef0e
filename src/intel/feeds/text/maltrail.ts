/**
 * Maltrail static trails (`trails/static/<category>/<name>.txt`): domains, addresses,
 * `address:port`, networks and URLs, grouped under `# Reference:` comments, with an optional
 * `# Aliases:` header. Maltrail itself knows nothing but the file's place, so the threat type and
 * family come from the file name given in `options.name`:
 * - `malware/emotet.txt` (or a flattened `malware_emotet.txt`) → `malware`, family `emotet`;
 * - `malicious/c2_panel.txt` → `c2`, `malicious/bad_proxy.txt` → `proxy`, other `malicious` → `malware`;
 * - `suspicious/crypto_mining.txt` → `cryptomining`, `suspicious/onion.txt` → `tor`, other
 *   `suspicious` → `other`; `mass_scanner*.txt` → `scanner`.
 * A URL without a path (`http://203.0.113.5`) is its host, as Maltrail reads it; a leading-dot
 * suffix (`.onion`) is that domain with everything under it. A bare path
 * (`/gate.php`, C2 panel trails) matches any host and cannot be stored, so it is rejected.
 */
import type { FeedItem, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions } from '../format.js';
import {
  anyLine,
  baseName,
  classifyToken,
  cleanLine,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

interface TrailKind {
  category: 'malware' | 'malicious' | 'suspicious' | 'static';
  name: string;
}

/** Reads category and trail name from `…/malware/emotet.txt`, `malware_emotet.txt` or `emotet.txt`. */
export function trailKind(fileName: string | undefined): TrailKind | null {
  if (!fileName) return null;
  const path = fileName
    .replace(/[?#].*$/, '')
    .toLowerCase()
    .replace(/\\/g, '/');
  const parts = path.split('/');
  const stem = (parts[parts.length - 1] ?? '').replace(/\.(txt|csv)$/, '');
  if (stem === '') return null;
  const folder = parts[parts.length - 2] ?? '';
  for (const category of ['malware', 'malicious', 'suspicious'] as const) {
    if (folder === category) return { category, name: stem };
    if (stem.startsWith(`${category}_`)) return { category, name: stem.slice(category.length + 1) };
  }
  return { category: 'static', name: stem };
}

function threatFor(kind: TrailKind): ThreatType | undefined {
  if (kind.name.startsWith('mass_scanner')) return 'scanner';
  switch (kind.category) {
    case 'malware':
      return 'malware';
    case 'malicious':
      if (/c2|cnc/.test(kind.name)) return 'c2';
      if (/proxy/.test(kind.name)) return 'proxy';
      if (/phish/.test(kind.name)) return 'phishing';
      return 'malware';
    case 'suspicious':
      if (/crypto|mining|miner/.test(kind.name)) return 'cryptomining';
      if (/onion|tor/.test(kind.name)) return 'tor';
      return 'other';
    case 'static':
      return undefined;
  }
}

function createMaltrailParser(options: FeedParserOptions) {
  const kind = trailKind(options.name);
  const threatType = (kind ? threatFor(kind) : undefined) ?? options.defaultThreatType;
  const family = kind?.category === 'malware' ? kind.name : options.defaultFamily;
  const trailTag = kind ? [`maltrail:${kind.name}`] : undefined;
  let references: string[] = [];
  let referencesDone = false;

  return lineParser((raw, lineNumber, sink) => {
    if (rejectIfTooLong(raw, lineNumber, sink)) return;
    const line = cleanLine(raw);
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      const ref = /^#\s*Reference:\s*(\S+)/i.exec(line);
      if (ref) {
        // a new group of references starts after the entries of the previous one
        if (referencesDone) references = [];
        referencesDone = false;
        if (references.length < 5) references.push(ref[1]!);
      }
      return;
    }
    referencesDone = true;
    const hash = line.search(/\s#/);
    const token = (hash < 0 ? line : line.slice(0, hash)).trim();
    const note = hash < 0 ? '' : line.slice(hash).replace(/^\s*#\s*/, '');
    if (token.startsWith('/')) {
      reject(sink, lineNumber, 'a bare URL path matches any host; it cannot be stored as an indicator', line);
      return;
    }
    // `.onion` stands for every name under that suffix
    const found =
      token.startsWith('.') && /^\.[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(token)
        ? { kind: 'domain' as const, value: token.slice(1), port: undefined }
        : classifyToken(token);
    if (!found || found.kind === 'hash' || /\s/.test(token)) {
      reject(sink, lineNumber, `"${token.slice(0, 60)}" is not a domain, address, network or URL`, line);
      return;
    }
    let value = found.value;
    let port = found.port;
    if (found.kind === 'url') {
      const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)\/?$/i.exec(value);
      const host = m ? classifyToken(m[1]!) : null;
      if (host && (host.kind === 'ip' || host.kind === 'domain')) {
        value = host.value;
        port = host.port;
      }
    }
    // a suffix such as `onion` has one label, so the importer must be told it is a domain
    const item: FeedItem = token.startsWith('.')
      ? { line: lineNumber, value, type: 'domain' }
      : { line: lineNumber, value };
    sink.item(
      withOptional(item, {
        port,
        threatType,
        family,
        tags: trailTag,
        description: [note, references.length > 0 ? `Reference: ${references.join(' ')}` : '']
          .filter(Boolean)
          .join('; '),
      }),
    );
  });
}

export const maltrailFormat: FeedFormatDefinition = {
  id: 'maltrail',
  title: 'Maltrail static trail (family and threat type from the file name)',
  create: createMaltrailParser,
  detect(sample) {
    if (anyLine(sample, /Maltrail developers|github\.com\/stamparm\/maltrail/i, 5)) return 1;
    const name = (sample.name ?? '').toLowerCase();
    if (/trails\/static\//.test(name)) return 0.8;
    // reference blocks alone are common to many lists; only a hint
    return anyLine(sample, /^#\s*Reference:\s*https?:\/\//, 20) &&
      /^(malware|malicious|suspicious)_/.test(baseName(sample.name))
      ? 0.6
      : 0;
  },
};
