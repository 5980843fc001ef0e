// Parsing what people type into the small inputs (ASN, lookup box) before it is sent.

/** "131375", "AS131375" or "as 131375" → 131375; null when not a valid 32-bit AS number. */
export function parseAsn(raw: string): number | null {
  const s = raw.trim().replace(/^as\s*/i, '');
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n <= 4294967295 ? n : null;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Decides whether a lookup is for an IP address or a domain, and cleans it:
 * a pasted URL becomes its host name, [v6] loses its brackets, a trailing dot goes.
 */
export function classifyLookup(raw: string): { ip: string } | { domain: string } | null {
  let s = raw.trim();
  if (!s) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      s = new URL(s).hostname;
    } catch {
      // keep what the user typed; the server will say what is wrong
    }
  }
  s = s.replace(/^\[(.*)\]$/, '$1');
  if (IPV4.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s))) return { ip: s };
  return { domain: s.replace(/\.$/, '').toLowerCase() };
}
