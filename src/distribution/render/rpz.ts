/**
 * A DNS response-policy zone (BIND, Unbound, PowerDNS Recursor): a name and its subdomains answer
 * NXDOMAIN (`CNAME .`), and answers containing a listed address are rewritten (`rpz-ip`).
 */
import type { ListEntry, RenderContext, EntrySource } from '../model.js';
import { commentBlock, headerLines, renderLines, trailer } from './common.js';

/** `10.0.0.0/8` → `8.0.0.0.10.rpz-ip`; `2001:db8::1` → `128.1.zz.db8.2001.rpz-ip`. */
export function rpzIpName(value: string): string {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const v6 = address.includes(':');
  const prefix = slash < 0 ? (v6 ? '128' : '32') : value.slice(slash + 1);
  if (!v6) return `${prefix}.${address.split('.').reverse().join('.')}.rpz-ip`;
  const [left = '', right = ''] = address.split('::');
  const groups = (text: string) => (text === '' ? [] : text.split(':'));
  const reversed = address.includes('::')
    ? [...groups(right).reverse(), 'zz', ...groups(left).reverse()]
    : groups(address).reverse();
  return `${prefix}.${reversed.join('.')}.rpz-ip`;
}

export function rpzLine(e: ListEntry): string {
  switch (e.type) {
    case 'domain':
      return e.exactDomain ? `${e.value} CNAME .\n` : `${e.value} CNAME .\n*.${e.value} CNAME .\n`;
    case 'ipv4':
    case 'ipv6':
    case 'cidr4':
    case 'cidr6':
      return `${rpzIpName(e.value)} CNAME .\n`;
    case 'url':
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'asn':
      return '';
  }
}

/**
 * Owner names are relative, so the zone loads under whatever name the resolver gives it. The SOA
 * serial comes from the list's stored content state and changes only when the entries do.
 */
export function rpz(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const prologue =
    commentBlock(';', headerLines(ctx)) +
    '$TTL 300\n' +
    `@ IN SOA localhost. hostmaster.localhost. ( ${ctx.serial} 3600 600 604800 300 )\n` +
    '@ IN NS localhost.\n';
  return renderLines(ctx, source, prologue, rpzLine, () => trailer(';', ctx));
}
