import { describe, expect, it } from 'vitest';
import { familyFromKey, fraunhoferDgaFormat } from './fraunhofer-dga.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const doc = `{
  "banjori_dga_1a2b": ["one.example", "two.example"],
  "pykspa_dga_v2": ["192.0.2.1", 7, ""],
  "bad": "not a list"
}
`;

describe('fraunhofer-dga', () => {
  it('emits each domain with the DGA family from its key', () => {
    const { items, rejections } = run(fraunhoferDgaFormat, crlf(doc));
    expect(items).toEqual([
      { line: 1, value: 'one.example', threatType: 'dga', family: 'banjori', tags: ['banjori_dga_1a2b'] },
      { line: 1, value: 'two.example', threatType: 'dga', family: 'banjori', tags: ['banjori_dga_1a2b'] },
      { line: 2, value: '192.0.2.1', threatType: 'dga', family: 'pykspa', tags: ['pykspa_dga_v2'] },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [2, 'a "pykspa_dga_v2" entry is not a domain string'],
      [2, 'a "pykspa_dga_v2" entry is not a domain string'],
      [3, 'the value of "bad" is not a list of domains'],
    ]);
  });

  it('rejects a document that is not JSON', () => {
    const { items, rejections } = run(fraunhoferDgaFormat, '{"a_dga": ["x.example"]\n');
    expect(items).toEqual([]);
    expect(rejections).toEqual([
      {
        line: 1,
        reason: 'the document cannot be read: it is not valid JSON',
        text: '{"a_dga": ["x.example"]',
      },
    ]);
    expect(familyFromKey('necurs')).toBe('necurs');
  });

  it('detects the export', () => {
    expect(fraunhoferDgaFormat.detect({ lines: ['{"banjori_dga_1": ["a.example"]}'] })).toBe(0.9);
    expect(fraunhoferDgaFormat.detect({ lines: ['192.0.2.1'] })).toBe(0);
  });

  const expected = corpusLines('feeds/fraunhofer_dga/intelmq/test_parser_dga.expected.json');
  it.skipIf(expected === null)('matches the domains IntelMQ expects from its banjori sample', () => {
    const variables = (
      JSON.parse(expected!.join('\n')) as { variables: { EXAMPLE_EVENTS_PARTS: { raw__decoded: string }[] } }
    ).variables;
    const values = variables.EXAMPLE_EVENTS_PARTS.map((e) => e.raw__decoded);
    const { items } = run(fraunhoferDgaFormat, JSON.stringify({ banjori_dga_e1ab: values }));
    expect(items.map((i) => i.value)).toEqual(values);
    expect(items.every((i) => i.family === 'banjori')).toBe(true);
  });
});
