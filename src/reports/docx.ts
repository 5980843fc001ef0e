/**
 * The report as an official document ("BÁO CÁO", Decree 30/2020/NĐ-CP): header block, title and
 * subject, "Kính gửi", the general information, the figures table (and a per-child table for a
 * parent's report), the later text sections, "Nơi nhận" and the signer. Page numbers sit centred
 * at the top from page 2 on. Pure: returns the DOCX bytes.
 */
import {
  AlignmentType,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type FileChild,
} from 'docx';
import { checkDocument } from './document-check.js';
import { documentLabels } from './document-labels.js';
import { bodyPara, estimateWidth, fontName, page, para, rule, run, size, textWidth } from './docx-layout.js';
import { childrenTable, closingTable, figuresTable, headerTable } from './docx-tables.js';
import type { ReportDocument, TemplateField } from './template-model.js';

type TextField = Extract<TemplateField, { kind: 'text' }>;

export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  checkDocument(doc);
  const document = new Document({
    creator: 'lamsach',
    title: `${doc.title} ${doc.subject}`.trim(),
    description: doc.template.code,
    styles: {
      default: {
        document: {
          run: {
            font: fontName,
            size: size.body,
            language: { value: doc.language === 'vi' ? 'vi-VN' : 'en-GB' },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true, // the first page has its own (empty) header: no page number on page 1
          page: { size: { width: page.width, height: page.height }, margin: page.margin },
        },
        headers: {
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: size.pageNumber })],
              }),
            ],
          }),
        },
        children: body(doc),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function body(doc: ReportDocument): FileChild[] {
  const labels = documentLabels(doc.language);
  const fields = doc.template.fields;
  const firstFigure = fields.findIndex((field) => field.kind === 'figure');
  const isText = (field: TemplateField): field is TextField => field.kind === 'text';
  const before = (firstFigure < 0 ? fields : fields.slice(0, firstFigure)).filter(isText);
  const after = firstFigure < 0 ? [] : fields.slice(firstFigure).filter(isText);
  // headings and lead-ins stay on the page of what follows them
  const heading = (n: number, text: string) =>
    bodyPara([run(`${n}. ${text}`, { bold: true })], { keepNext: true });

  const out: FileChild[] = [
    headerTable(doc),
    para(doc.title.toUpperCase(), {
      size: size.title,
      bold: true,
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0 },
    }),
    para(doc.subject, { size: size.title, bold: true, alignment: AlignmentType.CENTER }),
    rule(
      Math.max(1000, Math.round(Math.min(textWidth, estimateWidth(doc.subject, size.title, true)) * 0.4)),
      textWidth,
    ),
    ...recipients(doc),
    bodyPara([run(labels.intro(doc.issuer.name))]),
    heading(1, labels.general),
    bodyPara([run(`- ${labels.unitName}: `), run(doc.issuer.name)]),
  ];
  for (const field of before) {
    out.push(bodyPara([run(`- ${field.label[doc.language]}:`)]), ...textParagraphs(doc, field));
  }
  let section = 2;
  if (firstFigure >= 0) {
    out.push(heading(section++, labels.figures), spacer(), figuresTable(doc));
    if (doc.children.length > 0)
      out.push(
        bodyPara([run(labels.perChild, { italics: true })], { keepNext: true }),
        spacer(),
        childrenTable(doc),
      );
  }
  for (const field of after) {
    out.push(heading(section++, withoutAside(field.label[doc.language])), ...textParagraphs(doc, field));
  }
  // the signature block never stands alone on the last page: the closing sentence goes with it
  out.push(bodyPara([run(labels.closing(doc.issuer.name))], { keepNext: true }), spacer(), closingTable(doc));
  return out;
}

/** "Kính gửi: X." on one centred line, or the label over a "- X;" list for several recipients. */
function recipients(doc: ReportDocument): Paragraph[] {
  const { to } = documentLabels(doc.language);
  const spacing = { before: 240, after: 0 };
  const names = doc.recipients.map((name) => name.trim().replace(/[;.]+$/, '')).filter((name) => name !== '');
  if (names.length === 0) return [];
  if (names.length === 1)
    return [para(`${to} ${names[0]}.`, { size: size.body, alignment: AlignmentType.CENTER, spacing })];
  return [
    para(to, { size: size.body, indent: { left: 1134 }, spacing }),
    ...names.map((name, i) =>
      para(`- ${name}${i === names.length - 1 ? '.' : ';'}`, {
        size: size.body,
        indent: { left: 2268, hanging: 170 },
      }),
    ),
  ];
}

function textParagraphs(doc: ReportDocument, field: TextField): Paragraph[] {
  const lines = (doc.content.texts[field.id] ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return [bodyPara([run(documentLabels(doc.language).empty)])];
  return lines.map((line) => bodyPara([run(line)]));
}

/** "Đề xuất, kiến nghị (nếu có)" becomes the heading "Đề xuất, kiến nghị". */
function withoutAside(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '');
}

/** a little room between a heading and the table under it */
function spacer(): Paragraph {
  return para('', { size: 12, spacing: { before: 0, after: 60 }, keepNext: true });
}
