import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { figureSources, reportTemplate, type FigureValue, type ReportContent } from '../template-model.js';
import { shippedTemplates, templateByCode, validateReportContent } from './index.js';

const seeds = new URL('../../../../shared/seeds/', import.meta.url);

function figure(
  value: number | null,
  prefilled: number | null = null,
  correctionReason: string | null = null,
) {
  return { value, prefilled, source: null, correctionReason, note: '' } satisfies FigureValue;
}

describe('shipped templates', () => {
  it('are the three letters, valid against the schema, with unique field ids', () => {
    expect(shippedTemplates.map((t) => `${t.code}@${t.version}`)).toEqual([
      'NCSC-2020-NATIONAL@1',
      'NCSC-2022-PROVINCIAL@1',
      'NCSC-2022-UNIT@1',
    ]);
    for (const template of shippedTemplates) {
      expect(reportTemplate.parse(template)).toEqual(template);
      const ids = template.fields.map((f) => f.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(template.fields.find((f) => f.id === 'evaluation')).toMatchObject({
        kind: 'text',
        required: true,
      });
      expect(template.fields.find((f) => f.id === 'proposals')).toMatchObject({
        kind: 'text',
        required: false,
      });
    }
  });

  it('map figures to sources', () => {
    const sources = (code: string) =>
      Object.fromEntries(
        templateByCode(code)!
          .fields.filter((f) => f.kind === 'figure')
          .map((f) => [f.id, f.source]),
      );
    expect(sources('NCSC-2020-NATIONAL')).toEqual({
      orgs_received: 'campaign.received',
      orgs_deployed: 'campaign.deployed',
    });
    expect(sources('NCSC-2022-PROVINCIAL')).toEqual({
      orgs_received: 'campaign.received',
      orgs_deployed: 'campaign.deployed',
    });
    expect(sources('NCSC-2022-UNIT')).toEqual({
      computers_checked: 'endpoints.checked',
      malware_found: 'hosts.found',
      malware_handled: 'hosts.cleaned',
    });
    for (const t of shippedTemplates)
      for (const f of t.fields) if (f.kind === 'figure') expect(figureSources).toContain(f.source);
  });

  it('templateByCode picks a version or the newest one', () => {
    expect(templateByCode('NCSC-2022-UNIT')?.level).toBe('unit');
    expect(templateByCode('NCSC-2022-UNIT', 1)?.code).toBe('NCSC-2022-UNIT');
    expect(templateByCode('NCSC-2022-UNIT', 2)).toBeUndefined();
    expect(templateByCode('NOPE')).toBeUndefined();
  });

  // The labels must be the letters' own words: users compare the form with the annex they received.
  // The 2020 annex has no proposals line; the platform offers it there too (optional).
  const seedsPresent = existsSync(seeds);
  if (!seedsPresent) console.warn(`\n⚠ Letter wording checks SKIPPED: ${seeds.pathname} is absent.\n`);
  const letters = [
    ['NCSC-2020-NATIONAL', '000_', ['proposals']],
    ['NCSC-2022-PROVINCIAL', '001_', []],
    ['NCSC-2022-UNIT', '004_', []],
  ] as const;
  it.skipIf(!seedsPresent).each(letters)(
    '%s labels appear verbatim in the letter %s',
    (code, prefix, extra) => {
      const name = readdirSync(seeds).find((f) => f.startsWith(prefix));
      expect(name).toBeDefined();
      // 004 reads "Số lượng công chức máy tính đã thực hiện"; the figure counts computers
      const letter = readFileSync(new URL(name!, seeds), 'utf8')
        .replace(/\s+/g, ' ')
        .replace('công chức máy tính', 'máy tính');
      for (const field of templateByCode(code)!.fields) {
        if ((extra as readonly string[]).includes(field.id)) continue;
        expect(letter).toContain(field.label.vi.replace(/ \(nếu có\)$/, ''));
      }
    },
  );
});

describe('validateReportContent', () => {
  const unit = templateByCode('NCSC-2022-UNIT')!;
  const valid = (): ReportContent => ({
    figures: {
      computers_checked: figure(120, 120),
      malware_found: figure(4, 5, 'một máy báo trùng'),
      malware_handled: figure(null),
    },
    texts: { evaluation: 'Đã triển khai đến toàn bộ công chức.', proposals: '' },
  });

  it('accepts a complete report, optional fields left empty', () => {
    expect(validateReportContent(unit, valid())).toEqual([]);
  });

  it('reports every problem with its field', () => {
    const content = valid();
    content.figures.computers_checked = figure(-1);
    content.figures.malware_found = figure(2.5);
    delete content.figures.malware_handled;
    content.texts.evaluation = '   ';
    content.figures.extra = figure(1);
    content.texts.notes = 'x';
    expect(validateReportContent(unit, content)).toEqual([
      {
        field: 'evaluation',
        message: '"Evaluation of the campaign results within the scope of deployment" is required',
      },
      {
        field: 'computers_checked',
        message: '"Computers checked" must be a whole number of 0 or more, got -1',
      },
      {
        field: 'malware_found',
        message: '"Malware found (computers)" must be a whole number of 0 or more, got 2.5',
      },
      { field: 'extra', message: 'not a figure of template NCSC-2022-UNIT version 1' },
      { field: 'notes', message: 'not a text field of template NCSC-2022-UNIT version 1' },
    ]);
  });

  it('requires required figures and texts', () => {
    const problems = validateReportContent(unit, { figures: { malware_found: figure(null) }, texts: {} });
    expect(problems.map((p) => p.field)).toEqual(['evaluation', 'computers_checked', 'malware_found']);
    expect(problems.every((p) => p.message.endsWith('is required'))).toBe(true);
  });

  it('asks for a correction reason when a value differs from the pre-filled one', () => {
    const content = valid();
    content.figures.malware_found = figure(4, 5, '  ');
    content.figures.computers_checked = figure(null, 120);
    expect(validateReportContent(unit, content)).toEqual([
      {
        field: 'computers_checked',
        message: '"Computers checked" is required',
      },
      {
        field: 'computers_checked',
        message:
          '"Computers checked" differs from the pre-filled value 120: give a reason for the correction',
      },
      {
        field: 'malware_found',
        message:
          '"Malware found (computers)" differs from the pre-filled value 5: give a reason for the correction',
      },
    ]);
    content.figures.malware_found = figure(5, 5);
    content.figures.computers_checked = figure(0, null);
    expect(validateReportContent(unit, content)).toEqual([]);
  });
});
