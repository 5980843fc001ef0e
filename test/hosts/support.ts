/** Observation records for host tests, built the way a report parser would produce them. */
import type { ObservationRecord } from '../../src/hosts/observation-model.js';

export function observation(
  ip: string,
  time: string,
  extra: Partial<ObservationRecord> = {},
): ObservationRecord {
  return {
    ip,
    port: 49152,
    time,
    family: 'mirai',
    category: 'infected',
    source: 'shadowserver:event4_sinkhole',
    asn: null,
    hostname: null,
    url: null,
    protocol: 'tcp',
    destinationIp: '198.51.100.1',
    destinationPort: 80,
    raw: { ip, timestamp: time },
    ...extra,
  };
}
