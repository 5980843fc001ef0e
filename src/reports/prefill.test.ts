import { describe, expect, it } from 'vitest';
import { prefillContent } from './prefill.js';
import { templateByCode, validateReportContent } from './templates/index.js';

describe('prefillContent', () => {
  const unit = templateByCode('NCSC-2022-UNIT')!;

  it('fills figures from their sources and keeps the computed value', () => {
    const content = prefillContent(unit, { 'hosts.found': 7, 'hosts.cleaned': 5, 'campaign.received': 99 });
    expect(content.figures).toEqual({
      computers_checked: {
        value: null,
        prefilled: null,
        source: 'endpoints.checked',
        correctionReason: null,
        note: '',
      },
      malware_found: { value: 7, prefilled: 7, source: 'hosts.found', correctionReason: null, note: '' },
      malware_handled: { value: 5, prefilled: 5, source: 'hosts.cleaned', correctionReason: null, note: '' },
    });
    expect(content.texts).toEqual({ evaluation: '', proposals: '' });
  });

  it('produces content the validator only asks to complete', () => {
    const content = prefillContent(unit, { 'endpoints.checked': 120, 'hosts.found': 7, 'hosts.cleaned': 5 });
    expect(validateReportContent(unit, content).map((p) => p.field)).toEqual(['evaluation']);
    content.figures.malware_found!.value = 6;
    expect(validateReportContent(unit, content).map((p) => p.field)).toEqual(['evaluation', 'malware_found']);
  });
});
