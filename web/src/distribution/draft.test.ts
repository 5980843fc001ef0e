import { describe, expect, it } from 'vitest';
import { deviceUrl, emptyDraft, toDraft, withFormat } from './draft.js';

describe('blocklist form', () => {
  it('turns the text fields into the API body', () => {
    expect(
      toDraft(
        {
          ...emptyDraft,
          name: ' bl ',
          families: 'emotet, qakbot,',
          minConfidence: '60',
          maxAgeDays: '',
          tag: ' c26 ',
        },
        7,
      ),
    ).toEqual({
      organisationId: 7,
      name: 'bl',
      title: 'bl',
      format: 'fortigate-ip',
      filters: {
        types: null,
        families: ['emotet', 'qakbot'],
        minConfidence: 60,
        maxAgeDays: null,
        tag: 'c26',
      },
      maxEntries: null,
      split: false,
    });
  });

  it('drops ticked types the new format cannot carry', () => {
    expect(withFormat({ ...emptyDraft, types: ['ipv4', 'domain'] }, 'rpz').types).toEqual(['ipv4', 'domain']);
    expect(withFormat({ ...emptyDraft, types: ['ipv4', 'domain'] }, 'hosts').types).toEqual(['domain']);
  });

  it('puts a placeholder where the token is not known', () => {
    expect(deviceUrl('https://x', '/feeds/d/{token}/bl.txt', '<T>')).toBe('https://x/feeds/d/<T>/bl.txt');
  });
});
