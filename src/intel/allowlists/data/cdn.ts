// Source: Cloudflare's published ranges (https://www.cloudflare.com/ips/) and Fastly's public IP list (https://api.fastly.com/public-ip-list).

/**
 * Front-end address ranges of large CDNs. Thousands of unrelated sites share
 * each of these addresses, so an IP indicator inside them (typically a malicious
 * site that happens to sit behind the CDN) would block legitimate sites too;
 * such sites must be blocked by domain or URL instead.
 *
 * These ranges CHANGE. Re-check them against the sources above when updating,
 * and edit this list (or override it with a local allowlist) as needed. General
 * cloud ranges (AWS, Azure, GCP…) are deliberately absent: anyone can rent an
 * address there, so attackers do.
 */
export const cdnRanges: readonly (readonly [cidr: string, reason: string])[] = [
  ['173.245.48.0/20', 'Cloudflare'],
  ['103.21.244.0/22', 'Cloudflare'],
  ['103.22.200.0/22', 'Cloudflare'],
  ['103.31.4.0/22', 'Cloudflare'],
  ['141.101.64.0/18', 'Cloudflare'],
  ['108.162.192.0/18', 'Cloudflare'],
  ['190.93.240.0/20', 'Cloudflare'],
  ['188.114.96.0/20', 'Cloudflare'],
  ['197.234.240.0/22', 'Cloudflare'],
  ['198.41.128.0/17', 'Cloudflare'],
  ['162.158.0.0/15', 'Cloudflare'],
  ['104.16.0.0/13', 'Cloudflare'],
  ['104.24.0.0/14', 'Cloudflare'],
  ['172.64.0.0/13', 'Cloudflare'],
  ['131.0.72.0/22', 'Cloudflare'],
  ['2400:cb00::/32', 'Cloudflare'],
  ['2606:4700::/32', 'Cloudflare'],
  ['2803:f800::/32', 'Cloudflare'],
  ['2405:b500::/32', 'Cloudflare'],
  ['2405:8100::/32', 'Cloudflare'],
  ['2a06:98c0::/29', 'Cloudflare'],
  ['2c0f:f248::/32', 'Cloudflare'],
  ['23.235.32.0/20', 'Fastly'],
  ['151.101.0.0/16', 'Fastly'],
  ['185.31.16.0/22', 'Fastly'],
  ['199.27.72.0/21', 'Fastly'],
  ['199.232.0.0/16', 'Fastly'],
  ['2a04:4e40::/32', 'Fastly'],
  ['2a04:4e42::/32', 'Fastly'],
];
