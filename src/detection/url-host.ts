/**
 * Finding the host in a URL as logs write it (`scheme://user@host:port/…`, `//host/…`,
 * `host:port` in proxy CONNECT lines) without building a URL object: the matcher needs only the
 * host's position to look it up. Pure; results go to one scratch range.
 */

/** Where the last {@link urlHostRange} or {@link hostBounds} call found the host (scratch: callers are synchronous). */
export const hostRange = { start: 0, end: 0 };

/**
 * Finds the host (with any port) of a URL as logged: `scheme://[user@]host[:port]/…`, `//host/…`
 * or `host[:port]/…` (proxy CONNECT lines). Sets {@link hostRange}; false when there is none.
 */
export function urlHostRange(url: string): boolean {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme > 0 && scheme <= 10) {
    let letters = true;
    for (let i = 0; i < scheme; i++) {
      const c = url.charCodeAt(i) | 32;
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
        letters = false;
    }
    if (letters) start = scheme + 3;
  } else if (url.charCodeAt(0) === 47 && url.charCodeAt(1) === 47) {
    start = 2;
  }
  let end = start;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35) break;
    end++;
  }
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  if (end <= start) return false;
  hostRange.start = start;
  hostRange.end = end;
  return true;
}

/**
 * Narrows `text[start, end)` from `host[:port]` or `[v6][:port]` to the bare host (a single colon
 * is a port; several mean an IPv6 address without brackets). Sets {@link hostRange}.
 */
export function hostBounds(text: string, start: number, end: number): boolean {
  let s = start;
  let e = end;
  if (text.charCodeAt(s) === 91) {
    const close = text.indexOf(']', s);
    if (close < 0 || close > e) return false;
    s++;
    e = close;
  } else {
    const colon = text.indexOf(':', s);
    if (colon >= 0 && colon < e) {
      const second = text.indexOf(':', colon + 1);
      if (second < 0 || second >= e) e = colon;
    }
  }
  if (e > s && text.charCodeAt(e - 1) === 46) e--;
  hostRange.start = s;
  hostRange.end = e;
  return e > s;
}

/** The host of a canonical URL indicator, without brackets or port; null when there is none. */
export function urlHost(url: string): string | null {
  if (!urlHostRange(url) || !hostBounds(url, hostRange.start, hostRange.end)) return null;
  return url.slice(hostRange.start, hostRange.end);
}
