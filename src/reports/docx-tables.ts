/**
 * The tables of the report: the borderless two-column header (issuing body | national title),
 * the figures table (STT | Nội dung | Số lượng | Ghi chú), the per-child table of a parent's report
 * and the borderless closing table (Nơi nhận | signer).
 */
import {
  AlignmentType,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { documentLabels, documentNumber } from './document-labels.js';
import { estimateWidth, para, rule, size, textWidth } from './docx-layout.js';
import { totalFigures } from './rollup.js';
import type { ReportDocument } from './template-model.js';
import { formatInteger, formatPlaceAndDate } from './vn-date.js';

const centre = AlignmentType.CENTER;
const noMargins = { top: 0, bottom: 0, left: 0, right: 0 };
const gridMargins = { top: 40, bottom: 40, left: 100, right: 100 };

function cell(
  children: Paragraph[],
  width: number,
  options: { columnSpan?: number; top?: boolean } = {},
): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: options.top ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
    columnSpan: options.columnSpan,
  });
}

function table(columnWidths: number[], rows: TableRow[], borderless: boolean): Table {
  return new Table({
    rows,
    columnWidths,
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    margins: borderless ? noMargins : gridMargins,
    ...(borderless ? { borders: TableBorders.NONE } : {}),
  });
}

/** Left: parent body (regular) over issuing body (bold) and its rule, then the number; right: national title. */
export function headerTable(doc: ReportDocument): Table {
  const labels = documentLabels(doc.language);
  const left = 4252; // 7.5 cm: the national title needs about 8.9 cm at 12 pt
  const right = textWidth - left;
  const issuer = doc.issuer.name.toUpperCase();
  const issuerWidth = Math.min(left, estimateWidth(issuer, size.agency, true));
  const agency = [
    ...(doc.issuer.parentName === null
      ? []
      : [para(doc.issuer.parentName.toUpperCase(), { size: size.agency, alignment: centre })]),
    para(issuer, { size: size.agency, bold: true, alignment: centre }),
    rule(Math.max(Math.round(issuerWidth * 0.4), 900), left),
  ];
  const nation = [
    para(labels.nation, { size: size.nation, bold: true, alignment: centre }),
    para(labels.motto, { size: size.motto, bold: true, alignment: centre }),
    rule(estimateWidth(labels.motto, size.motto, true), right),
  ];
  const spaced = { spacing: { before: 120, after: 0 }, alignment: centre } as const;
  return table(
    [left, right],
    [
      new TableRow({ children: [cell(agency, left, { top: true }), cell(nation, right, { top: true })] }),
      new TableRow({
        children: [
          cell(
            [
              para(documentNumber(doc.language, doc.number, doc.issuer.abbreviation), {
                size: size.number,
                ...spaced,
              }),
            ],
            left,
          ),
          cell(
            [
              para(formatPlaceAndDate(doc.place, doc.date, doc.language), {
                size: size.placeDate,
                italics: true,
                ...spaced,
              }),
            ],
            right,
          ),
        ],
      }),
    ],
    true,
  );
}

function figureFields(doc: ReportDocument) {
  return doc.template.fields.filter((field) => field.kind === 'figure');
}

function number(doc: ReportDocument, value: number | null | undefined): string {
  return value === null || value === undefined ? '' : formatInteger(value, doc.language);
}

/** STT | Nội dung | Số lượng | Ghi chú, one row per figure of the template. */
export function figuresTable(doc: ReportDocument): Table {
  const labels = documentLabels(doc.language).columns;
  const widths = [700, 5055, 1600, textWidth - 700 - 5055 - 1600];
  const text = (value: string, options: { bold?: boolean; centred?: boolean } = {}) =>
    para(value, {
      size: size.table,
      bold: options.bold,
      alignment: options.centred ? centre : AlignmentType.LEFT,
    });
  const header = new TableRow({
    tableHeader: true,
    children: [labels.index, labels.item, labels.quantity, labels.note].map((label, i) =>
      cell([text(label, { bold: true, centred: true })], widths[i]!),
    ),
  });
  const rows = figureFields(doc).map((field, i) => {
    const figure = doc.content.figures[field.id];
    return new TableRow({
      cantSplit: true,
      children: [
        cell([text(String(i + 1), { centred: true })], widths[0]!),
        cell([text(field.label[doc.language])], widths[1]!),
        cell([text(number(doc, figure?.value), { centred: true })], widths[2]!),
        cell([text(figure?.note ?? '')], widths[3]!),
      ],
    });
  });
  return table(widths, [header, ...rows], false);
}

/** A parent's report: one row per child, one column per figure, and the totals row. */
export function childrenTable(doc: ReportDocument): Table {
  const labels = documentLabels(doc.language);
  const fields = figureFields(doc);
  const figureWidth = Math.min(1700, Math.floor((textWidth - 700 - 2800) / Math.max(1, fields.length)));
  const widths = [700, textWidth - 700 - figureWidth * fields.length, ...fields.map(() => figureWidth)];
  const text = (value: string, options: { bold?: boolean; align?: 'centre' | 'left' } = {}) =>
    para(value, {
      size: size.childTable,
      bold: options.bold,
      alignment: options.align === 'left' ? AlignmentType.LEFT : centre,
    });
  const header = new TableRow({
    tableHeader: true,
    children: [labels.columns.index, labels.columns.unit, ...fields.map((f) => f.label[doc.language])].map(
      (label, i) => cell([text(label, { bold: true })], widths[i]!),
    ),
  });
  const rows = doc.children.map(
    (child, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([text(String(i + 1))], widths[0]!),
          cell([text(child.name, { align: 'left' })], widths[1]!),
          ...fields.map((f, j) => cell([text(number(doc, child.figures[f.id]))], widths[j + 2]!)),
        ],
      }),
  );
  const totals = totalFigures(doc.template, doc.children);
  const totalRow = new TableRow({
    cantSplit: true,
    children: [
      cell([text(labels.total, { bold: true })], widths[0]! + widths[1]!, { columnSpan: 2 }),
      ...fields.map((f, j) => cell([text(number(doc, totals[f.id]), { bold: true })], widths[j + 2]!)),
    ],
  });
  return table(widths, [header, ...rows, totalRow], false);
}

/** Left: "Nơi nhận:" and the list ending with "- Lưu: VT."; right: position, room to sign, name. */
export function closingTable(doc: ReportDocument): Table {
  const labels = documentLabels(doc.language);
  const left = 4535; // 8 cm
  const right = textWidth - left;
  const archived = doc.distribution.some((item) => /^(Lưu|Archived)\b/i.test(item.trim()));
  const items = [
    ...doc.distribution.map((item) => item.trim().replace(/[;.]+$/, '')),
    ...(archived ? [] : [labels.archive]),
  ];
  const distribution = [
    para(labels.distribution, { size: size.distributionHead, bold: true, italics: true }),
    ...items.map((item, i) =>
      para(`- ${item}${i === items.length - 1 ? '.' : ';'}`, { size: size.distribution }),
    ),
  ];
  const signer = [
    ...doc.signer.position
      .split('\n')
      .map((line) => para(line.trim().toUpperCase(), { size: size.signer, bold: true, alignment: centre })),
    para(doc.signer.name, {
      size: size.signer,
      bold: true,
      alignment: centre,
      spacing: { before: 1800, after: 0 },
    }),
  ];
  return table(
    [left, right],
    [
      new TableRow({
        cantSplit: true,
        children: [cell(distribution, left, { top: true }), cell(signer, right, { top: true })],
      }),
    ],
    true,
  );
}
