/**
 * Reads generated DOCX/XLSX packages back for assertions: unzip with fflate, then pick paragraphs,
 * runs, tables and cells out of the XML. Enough for the flat markup our renderers write (no nested
 * tables); not a general OOXML parser.
 */
import { strFromU8, unzipSync } from 'fflate';

export function unzipText(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

export function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

function all(xml: string, pattern: RegExp): string[] {
  return [...xml.matchAll(pattern)].map((m) => m[0]);
}

export interface Run {
  text: string;
  bold: boolean;
  italics: boolean;
  /** half-points, null when inherited */
  size: number | null;
}

export interface Para {
  xml: string;
  text: string;
  runs: Run[];
  alignment: string | null;
}

const flag = (props: string, tag: string) => new RegExp(`<w:${tag}(?: w:val="(?:true|1|on)")?/>`).test(props);

export function runs(xml: string): Run[] {
  return all(xml, /<w:r>[\s\S]*?<\/w:r>/g).map((r) => {
    const props = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r)?.[1] ?? '';
    const size = /<w:sz w:val="(\d+)"\/>/.exec(props)?.[1];
    return {
      text: all(r, /<w:t(?: [^>]*)?>[^<]*<\/w:t>/g)
        .map((t) => decodeXml(t.replace(/<[^>]+>/g, '')))
        .join(''),
      bold: flag(props, 'b'),
      italics: flag(props, 'i'),
      size: size === undefined ? null : Number(size),
    };
  });
}

export function paragraphs(xml: string): Para[] {
  return all(xml, /<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g).map((p) => {
    const rs = runs(p);
    return {
      xml: p,
      text: rs.map((r) => r.text).join(''),
      runs: rs.filter((r) => r.text !== ''),
      alignment: /<w:jc w:val="(\w+)"\/>/.exec(p)?.[1] ?? null,
    };
  });
}

export interface Table {
  xml: string;
  /** rows of cells of paragraphs */
  rows: Para[][][];
  /** the same as plain text per cell */
  text: string[][];
}

export function tables(xml: string): Table[] {
  return all(xml, /<w:tbl>[\s\S]*?<\/w:tbl>/g).map((tbl) => {
    const rows = all(tbl, /<w:tr(?: [^>]*)?>[\s\S]*?<\/w:tr>/g).map((tr) =>
      all(tr, /<w:tc>[\s\S]*?<\/w:tc>/g).map((tc) => paragraphs(tc)),
    );
    return { xml: tbl, rows, text: rows.map((row) => row.map((cell) => cell.map((p) => p.text).join('\n'))) };
  });
}

/** The document body with the tables cut out, so top-level paragraphs can be read in order. */
export function outsideTables(xml: string): Para[] {
  return paragraphs(xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '<w:p><w:r><w:t>[table]</w:t></w:r></w:p>'));
}

export interface SheetCell {
  value: number | string | null;
  /** cellXfs index */
  style: number;
  formula: string | null;
}

/** The cells of a worksheet by reference ("B2"); numbers come back as numbers, inline strings as strings. */
export function sheetCells(xml: string): Map<string, SheetCell> {
  const cells = new Map<string, SheetCell>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"((?: [a-z]+="[^"]*")*)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attrs = '', inner = ''] = m;
    const type = /t="(\w+)"/.exec(attrs)?.[1] ?? 'n';
    const style = Number(/s="(\d+)"/.exec(attrs)?.[1] ?? 0);
    const formula = /<f>([^<]*)<\/f>/.exec(inner)?.[1] ?? null;
    const raw = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
    let value: number | string | null = null;
    if (type === 'inlineStr') value = decodeXml(/<t(?: [^>]*)?>([^<]*)<\/t>/.exec(inner)?.[1] ?? '');
    else if (type === 'n' && raw !== undefined) value = Number(raw);
    else if (raw !== undefined) throw new Error(`unexpected cell type ${type} at ${ref}`);
    if (cells.has(ref!)) throw new Error(`cell ${ref} written twice`);
    cells.set(ref!, { value, style, formula });
  }
  return cells;
}
