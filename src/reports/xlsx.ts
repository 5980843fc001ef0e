/**
 * The figures of a report as a one-sheet workbook: one row per child (or the issuer itself when it
 * has no children), a column per figure field of the template, and a totals row whose cells are
 * SUM formulas with their value cached, so the sheet opens with numbers and stays live if edited.
 * Minimal SpreadsheetML written directly and zipped with fflate: no dependency tree, no native
 * code, byte-for-byte reproducible. Pure.
 */
import { zipSync, strToU8 } from 'fflate';
import { checkDocument, xmlSafe } from './document-check.js';
import { documentLabels } from './document-labels.js';
import { totalFigures } from './rollup.js';
import type { ReportDocument } from './template-model.js';

const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const pkgRelNs = 'http://schemas.openxmlformats.org/package/2006/relationships';
const xmlHead = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** style indexes into cellXfs below */
const style = { header: 1, text: 2, number: 3, totalText: 4, totalNumber: 5 } as const;

export async function renderFiguresXlsx(doc: ReportDocument): Promise<Buffer> {
  checkDocument(doc);
  const labels = documentLabels(doc.language);
  const fields = doc.template.fields.filter((field) => field.kind === 'figure');
  const rows =
    doc.children.length > 0
      ? doc.children
      : [
          {
            name: doc.issuer.name,
            figures: Object.fromEntries(fields.map((f) => [f.id, doc.content.figures[f.id]?.value ?? null])),
          },
        ];
  const totals = totalFigures(doc.template, rows);
  const lastDataRow = rows.length + 1;

  const sheetRows: string[] = [
    row(1, [
      inline('A1', labels.columns.index, style.header),
      inline('B1', labels.columns.unit, style.header),
      ...fields.map((f, i) => inline(`${column(i + 3)}1`, f.label[doc.language], style.header)),
    ]),
    ...rows.map((child, r) => {
      const at = r + 2;
      return row(at, [
        numeric(`A${at}`, r + 1, style.text),
        inline(`B${at}`, child.name, style.text),
        ...fields.map((f, i) => numeric(`${column(i + 3)}${at}`, child.figures[f.id] ?? null, style.number)),
      ]);
    }),
    row(lastDataRow + 1, [
      empty(`A${lastDataRow + 1}`, style.totalText),
      inline(`B${lastDataRow + 1}`, labels.total, style.totalText),
      ...fields.map((f, i) => {
        const col = column(i + 3);
        const total = totals[f.id] ?? null;
        const ref = `${col}${lastDataRow + 1}`;
        // an unreported column stays empty rather than showing SUM() = 0
        return total === null
          ? empty(ref, style.totalNumber)
          : `<c r="${ref}" s="${style.totalNumber}"><f>SUM(${col}2:${col}${lastDataRow})</f><v>${total}</v></c>`;
      }),
    ]),
  ];

  const widths = [6, 40, ...fields.map(() => 22)];
  const sheet =
    `${xmlHead}<worksheet xmlns="${mainNs}" xmlns:r="${relNs}">` +
    `<dimension ref="A1:${column(fields.length + 2)}${lastDataRow + 1}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${sheetRows.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '<pageSetup paperSize="9" orientation="landscape"/>' +
    '</worksheet>';

  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(
      `${xmlHead}<Relationships xmlns="${pkgRelNs}"><Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `${xmlHead}<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><sheets><sheet name="${escapeXml(labels.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `${xmlHead}<Relationships xmlns="${pkgRelNs}">` +
        `<Relationship Id="rId1" Type="${relNs}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${relNs}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
    'xl/styles.xml': strToU8(styles),
  };
  // a fixed timestamp keeps the bytes reproducible
  return Buffer.from(zipSync(files, { level: 6, mtime: new Date(1980, 0, 1, 12) }));
}

/** 1-based column number → letters (1 → A, 27 → AA). */
export function column(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function row(r: number, cells: string[]): string {
  return `<row r="${r}">${cells.join('')}</row>`;
}

function inline(ref: string, text: string, s: number): string {
  const space = text !== text.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" s="${s}" t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

function numeric(ref: string, value: number | null, s: number): string {
  return value === null ? empty(ref, s) : `<c r="${ref}" s="${s}"><v>${value}</v></c>`;
}

function empty(ref: string, s: number): string {
  return `<c r="${ref}" s="${s}"/>`;
}

function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const contentTypes =
  `${xmlHead}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

// numFmtId 3 is the built-in "#,##0": grouped in the reader's locale (1.234 in Vietnamese Excel)
const styles =
  `${xmlHead}<styleSheet xmlns="${mainNs}">` +
  '<fonts count="2"><font><sz val="12"/><name val="Times New Roman"/></font>' +
  '<font><b/><sz val="12"/><name val="Times New Roman"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="6">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>' +
  '<xf numFmtId="3" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
