// Source: IANA IPv4 and IPv6 Special-Purpose Address Registries, plus multicast (RFC 5771, RFC 4291) and deprecated site-local space (RFC 3879).

/**
 * Address blocks that are never a remote attacker's address on the public
 * Internet: private, loopback, link-local, documentation, benchmarking,
 * multicast and protocol-reserved space. A feed listing one of them is either
 * wrong or describes somebody else's internal network; blocking it could cut
 * our own units off from their LANs. Reason = registry name and defining RFC.
 */
export const reservedBlocks: readonly (readonly [cidr: string, reason: string])[] = [
  // IPv4
  ['0.0.0.0/8', '"This network" (RFC 791, RFC 1122)'],
  ['0.0.0.0/32', '"This host on this network" (RFC 1122)'],
  ['10.0.0.0/8', 'Private-use network (RFC 1918)'],
  ['100.64.0.0/10', 'Shared address space for carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'Loopback (RFC 1122)'],
  ['169.254.0.0/16', 'Link-local (RFC 3927)'],
  ['172.16.0.0/12', 'Private-use network (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.0.0/29', 'IPv4 service continuity prefix, DS-Lite (RFC 7335)'],
  ['192.0.0.8/32', 'IPv4 dummy address (RFC 7600)'],
  ['192.0.0.9/32', 'Port Control Protocol anycast (RFC 7723)'],
  ['192.0.0.10/32', 'Traversal Using Relays around NAT anycast (RFC 8155)'],
  ['192.0.0.170/32', 'NAT64/DNS64 discovery (RFC 8880)'],
  ['192.0.0.171/32', 'NAT64/DNS64 discovery (RFC 8880)'],
  ['192.0.2.0/24', 'Documentation, TEST-NET-1 (RFC 5737)'],
  ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'],
  ['192.52.193.0/24', 'Automatic Multicast Tunneling (RFC 7450)'],
  ['192.88.99.0/24', 'Deprecated 6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0/16', 'Private-use network (RFC 1918)'],
  ['192.175.48.0/24', 'Direct delegation AS112 service (RFC 7534)'],
  ['198.18.0.0/15', 'Benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'Documentation, TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'Documentation, TEST-NET-3 (RFC 5737)'],
  ['224.0.0.0/4', 'Multicast (RFC 5771)'],
  ['240.0.0.0/4', 'Reserved for future use (RFC 1112)'],
  ['255.255.255.255/32', 'Limited broadcast (RFC 8190, RFC 919)'],
  // IPv6
  ['::/128', 'Unspecified address (RFC 4291)'],
  ['::1/128', 'Loopback (RFC 4291)'],
  ['::ffff:0.0.0.0/96', 'IPv4-mapped addresses (RFC 4291)'],
  ['64:ff9b::/96', 'IPv4/IPv6 translation well-known prefix (RFC 6052)'],
  ['64:ff9b:1::/48', 'Local-use IPv4/IPv6 translation (RFC 8215)'],
  ['100::/64', 'Discard-only address block (RFC 6666)'],
  ['2001::/23', 'IETF protocol assignments (RFC 2928)'],
  ['2001::/32', 'Teredo (RFC 4380, RFC 8190)'],
  ['2001:1::1/128', 'Port Control Protocol anycast (RFC 7723)'],
  ['2001:1::2/128', 'Traversal Using Relays around NAT anycast (RFC 8155)'],
  ['2001:2::/48', 'Benchmarking (RFC 5180)'],
  ['2001:3::/32', 'Automatic Multicast Tunneling (RFC 7450)'],
  ['2001:4:112::/48', 'AS112-v6 (RFC 7535)'],
  ['2001:10::/28', 'Deprecated ORCHID (RFC 4843)'],
  ['2001:20::/28', 'ORCHIDv2 (RFC 7343)'],
  ['2001:30::/28', 'Drone Remote ID entity tags (RFC 9374)'],
  ['2001:db8::/32', 'Documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['2620:4f:8000::/48', 'Direct delegation AS112 service (RFC 7534)'],
  ['3fff::/20', 'Documentation (RFC 9637)'],
  ['5f00::/16', 'Segment Routing (SRv6) SIDs (RFC 9602)'],
  ['fc00::/7', 'Unique local addresses (RFC 4193)'],
  ['fe80::/10', 'Link-local unicast (RFC 4291)'],
  ['fec0::/10', 'Deprecated site-local unicast (RFC 3879)'],
  ['ff00::/8', 'Multicast (RFC 4291)'],
];
