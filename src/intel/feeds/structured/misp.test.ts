import { describe, expect, it } from 'vitest';
import { mispManifestEventIds, mispManifestFormat } from './misp-manifest.js';
import { mispEventFormat } from './misp.js';
import { run, sample } from './test-support/run.js';

const event = {
  Event: {
    uuid: '11111111-2222-4333-8444-555555555555',
    info: 'Chiến dịch Emotet tháng 3',
    timestamp: '1710000000',
    Tag: [
      { name: 'tlp:green' },
      { name: 'misp-galaxy:malpedia="Emotet"' },
      { name: 'kill-chain:Command and Control' },
    ],
    Attribute: [
      {
        type: 'ip-dst|port',
        category: 'Network activity',
        to_ids: true,
        value: '192.0.2.80|8080',
        timestamp: '1710000100',
      },
      {
        type: 'domain|ip',
        category: 'Network activity',
        to_ids: true,
        value: 'cc.example.vn|192.0.2.81',
        timestamp: '1710000200',
        comment: 'resolved',
      },
      {
        type: 'url',
        category: 'Payload delivery',
        to_ids: true,
        value: 'http://dl.example/a.doc',
        Tag: [{ name: 'ecsirt:malicious-code="ransomware"' }],
      },
      { type: 'ip-src', category: 'Network activity', to_ids: false, value: '192.0.2.99' },
      { type: 'filename|sha256', category: 'Payload delivery', to_ids: true, value: 'a.doc|' },
      { type: 'text', category: 'Other', to_ids: false, value: 'just a note' },
      {
        type: 'md5',
        category: 'Payload delivery',
        to_ids: true,
        deleted: true,
        value: 'd41d8cd98f00b204e9800998ecf8427e',
      },
      'garbage',
    ],
    Object: [
      {
        name: 'file',
        Attribute: [
          {
            type: 'sha1',
            category: 'Payload delivery',
            to_ids: true,
            value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
            first_seen: '2024-03-01T00:00:00.000000+07:00',
            last_seen: '1710003600',
          },
        ],
      },
    ],
  },
};

describe('misp-event', () => {
  const { items, rejections } = run(mispEventFormat, JSON.stringify(event, null, 1));

  it('emits to_ids attributes with family from the galaxy tag and threat type from tags', () => {
    const tags = ['tlp:green', 'misp-galaxy:malpedia="Emotet"', 'kill-chain:Command and Control'];
    expect(items[0]).toEqual({
      line: 1,
      value: '192.0.2.80',
      type: 'ipv4',
      port: 8080,
      threatType: 'c2',
      family: 'Emotet',
      firstSeen: '2024-03-09T16:01:40Z',
      tags,
      description: 'Chiến dịch Emotet tháng 3',
    });
    expect(items.slice(1, 3).map((i) => [i.line, i.value, i.type, i.description])).toEqual([
      [2, 'cc.example.vn', 'domain', 'Chiến dịch Emotet tháng 3 — resolved'],
      [2, '192.0.2.81', 'ipv4', 'Chiến dịch Emotet tháng 3 — resolved'],
    ]);
    expect(items[3]).toMatchObject({
      line: 3,
      value: 'http://dl.example/a.doc',
      type: 'url',
      threatType: 'ransomware',
    });
    expect(items[3]!.tags).toEqual([...tags, 'ecsirt:malicious-code="ransomware"']);
    expect(items[4]).toMatchObject({
      line: 9,
      value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      type: 'sha1',
      firstSeen: '2024-02-29T17:00:00Z',
      lastSeen: '2024-03-09T17:00:00Z',
    });
    expect(items).toHaveLength(5);
  });

  it('skips to_ids=false, deleted and context attributes, and rejects broken ones by index', () => {
    expect(items.map((i) => i.value)).not.toContain('192.0.2.99');
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [5, '"filename|sha256" attribute has no hash after "|"'],
      [8, 'MISP attribute is not a JSON object'],
    ]);
  });

  it('uses to_ids=false attributes when nothing is flagged, with the Payload type family', () => {
    const bare = {
      info: 'no ids',
      timestamp: 1700000000,
      Tag: [{ name: 'malware_classification:malware-category="Ransomware"' }],
      Attribute: [
        { type: 'hostname', category: 'Network activity', to_ids: false, value: 'x.example' },
        { type: 'text', category: 'Payload type', to_ids: false, value: 'Locky' },
      ],
    };
    const result = run(mispEventFormat, JSON.stringify(bare));
    expect(result.items).toEqual([
      {
        line: 1,
        value: 'x.example',
        type: 'domain',
        threatType: 'ransomware',
        family: 'Locky',
        firstSeen: '2023-11-14T22:13:20Z',
        tags: ['malware_classification:malware-category="Ransomware"'],
        description: 'no ids',
      },
    ]);
  });

  it('reads lists, search responses and single attributes, numbering attributes through the document', () => {
    const response = {
      response: [
        {
          Event: {
            info: 'a',
            Attribute: [{ type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', to_ids: true }],
          },
        },
        { Event: { info: 'b', Attribute: [{ type: 'AS', value: 'AS64500', to_ids: true }] } },
      ],
    };
    expect(
      run(mispEventFormat, JSON.stringify(response)).items.map((i) => [i.line, i.value, i.type]),
    ).toEqual([
      [1, 'd41d8cd98f00b204e9800998ecf8427e', 'md5'],
      [2, 'AS64500', 'asn'],
    ]);
    const attribute = {
      type: 'url',
      category: 'Payload delivery',
      to_ids: false,
      value: 'http://a.example/',
      timestamp: '1465681304',
    };
    expect(run(mispEventFormat, JSON.stringify(attribute)).items).toEqual([
      {
        line: 1,
        value: 'http://a.example/',
        type: 'url',
        threatType: 'malware-distribution',
        firstSeen: '2016-06-11T21:41:44Z',
      },
    ]);
  });

  it('explains an event without usable attributes, and a document that is not MISP', () => {
    const empty = run(
      mispEventFormat,
      JSON.stringify({
        Event: { info: 'links only', Attribute: [{ type: 'link', value: 'https://blog.example/' }] },
      }),
    );
    expect(empty.rejections[0]!.reason).toBe(
      'MISP event "links only" has no network or file-hash attribute to import (attribute types: link)',
    );
    expect(run(mispEventFormat, '{"hello": "world"}').rejections[0]!.reason).toMatch(
      /^no MISP event or attribute found/,
    );
  });

  it('detects events', () => {
    expect(mispEventFormat.detect(sample('{"Event": {"info": "x"'))).toBe(0.95);
    expect(mispEventFormat.detect(sample('{"type":"bundle"}'))).toBe(0);
  });
});

describe('misp-manifest', () => {
  const manifest = JSON.stringify({
    'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee': { info: 'first', timestamp: '1700000000', Tag: [] },
    '../../etc/passwd': { info: 'hostile' },
    'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee': { info: 'second', timestamp: '1700000001' },
  });

  it('lists only UUID keys for the fetcher', () => {
    expect(mispManifestEventIds(manifest)).toEqual([
      'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      'ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    ]);
    expect(mispManifestEventIds('not json')).toEqual([]);
    expect(mispManifestEventIds('[1,2]')).toEqual([]);
  });

  it('emits nothing and explains that events must be fetched', () => {
    const { items, rejections } = run(mispManifestFormat, manifest);
    expect(items).toEqual([]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.reason).toBe(
      'this is a MISP feed manifest listing 2 event(s), not indicators; each event must be fetched as <uuid>.json from the same location and imported as misp-event',
    );
  });

  it('detects the manifest by shape and name', () => {
    expect(mispManifestFormat.detect(sample(manifest, 'https://feed.example/misp/manifest.json'))).toBe(1);
    expect(mispManifestFormat.detect(sample(manifest))).toBe(0.9);
    expect(mispManifestFormat.detect(sample('{"Event": {}}'))).toBe(0);
  });
});
