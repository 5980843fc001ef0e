/**
 * Page geometry, type sizes and paragraph helpers for official documents laid out per Decree
 * 30/2020/NĐ-CP, Appendix I: A4, Times New Roman, margins top/bottom 20 mm, left 30 mm, right
 * 15 mm (inside the decree's 20–25 / 30–35 / 15–20 mm ranges), body text 14 pt. Sizes are in
 * half-points and lengths in twips, as OOXML stores them.
 */
import { AlignmentType, BorderStyle, Paragraph, TextRun, type IParagraphOptions } from 'docx';
import { xmlSafe } from './document-check.js';

export const twipsPerMm = 1440 / 25.4;
const mm = (value: number) => Math.round(value * twipsPerMm);

export const page = {
  width: 11906, // 210 mm
  height: 16838, // 297 mm
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) },
};
export const textWidth = page.width - page.margin.left - page.margin.right;

export const fontName = 'Times New Roman';

/** half-points */
export const size = {
  nation: 24, // Quốc hiệu 12–13 pt, bold upper case
  agency: 24, // same size as the Quốc hiệu
  motto: 26, // Tiêu ngữ 13–14 pt, bold
  number: 26,
  placeDate: 28, // 13–14 pt italic
  title: 28,
  body: 28,
  table: 26,
  childTable: 24,
  distributionHead: 24, // "Nơi nhận:" 12 pt bold italic
  distribution: 22, // the list 11 pt
  signer: 28,
  pageNumber: 28,
} as const;

/** first-line indent of body paragraphs (decree: 1–1.27 cm) */
export const firstLineIndent = mm(12.7);

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

export function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({ text: xmlSafe(text), bold: style.bold, italics: style.italics, size: style.size });
}

/** A paragraph of one run; spacing defaults to none (header blocks), body text passes its own. */
export function para(
  text: string,
  style: RunStyle & Omit<IParagraphOptions, 'children' | 'text'> = {},
): Paragraph {
  const { bold, italics, size: runSize, ...options } = style;
  return new Paragraph({
    spacing: { before: 0, after: 0 },
    ...options,
    children: [run(text, { bold, italics, size: runSize })],
  });
}

/** Body paragraph: justified, first-line indent, 6 pt before, 1.2 lines (decree: ≥ 6 pt, single to 1.5). */
export function bodyPara(
  children: TextRun[],
  options: { indent?: boolean; align?: 'justify' | 'left'; keepNext?: boolean } = {},
) {
  return new Paragraph({
    keepNext: options.keepNext,
    alignment: options.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
    spacing: { before: 120, after: 0, line: 288 },
    indent: options.indent === false ? undefined : { firstLine: firstLineIndent },
    children,
  });
}

/**
 * A short centred horizontal rule (the lines under the issuing body, the motto and the subject):
 * an empty, 4 pt high paragraph whose bottom border is as long as the space its indents leave.
 */
export function rule(length: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - length) / 2));
  return new Paragraph({
    spacing: { before: 0, after: 0, line: 80, lineRule: 'exact' },
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run('', { size: 2 })],
  });
}

/**
 * Rough printed width of a line of Times New Roman in twips, enough to size the rules under a
 * line (the decree ties their length to the line's). Per-character widths are averages of the
 * font's metrics; bold adds about 5 %.
 */
export function estimateWidth(text: string, halfPoints: number, bold = false): number {
  let ems = 0;
  for (const char of text) {
    if (char === ' ') ems += 0.25;
    else if (/[\p{Lu}]/u.test(char)) ems += 0.7;
    else if (/[\p{Ll}]/u.test(char)) ems += 0.47;
    else if (/[0-9]/.test(char)) ems += 0.5;
    else ems += 0.33;
  }
  return Math.round(ems * (halfPoints / 2) * 20 * (bold ? 1.05 : 1));
}
