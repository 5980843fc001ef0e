/**
 * LibreOffice (headless) and poppler for the document tests: convert DOCX to PDF, then read the
 * PDF's pages, text and fonts. Each conversion uses its own LibreOffice profile directory so
 * parallel test runs do not fight over one. Missing tools skip the tests visibly, or fail them
 * when LAMSACH_TEST_REQUIRE_BROWSER=1 (CI).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return null;
}

const soffice = process.env.LAMSACH_SOFFICE ?? onPath('soffice');
const pdftotext = onPath('pdftotext');
const pdfinfo = onPath('pdfinfo');
const pdffonts = onPath('pdffonts');

const missing = [
  soffice === null ? 'soffice (apt-get install libreoffice-writer-nogui)' : null,
  pdftotext === null || pdfinfo === null || pdffonts === null
    ? 'pdftotext/pdfinfo/pdffonts (apt-get install poppler-utils)'
    : null,
].filter((m) => m !== null);

export const officeReady = missing.length === 0;
if (!officeReady) {
  const why = `missing ${missing.join(' and ')}`;
  if (process.env.LAMSACH_TEST_REQUIRE_BROWSER === '1')
    throw new Error(`document conversion tests are required but ${why}`);
  console.warn(`\n⚠ DOCX → PDF tests SKIPPED: ${why}.\n`);
}

export interface Converted {
  dir: string;
  /** PDF path per input name */
  pdf: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** Converts the given DOCX files (name → bytes) to PDF in one LibreOffice run. */
export async function convertToPdf(files: Record<string, Uint8Array>): Promise<Converted> {
  const dir = await mkdtemp(join(tmpdir(), 'lamsach-docx-'));
  const inputs: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    const path = join(dir, `${name}.docx`);
    await writeFile(path, bytes);
    inputs.push(path);
  }
  const profile = `file://${join(dir, 'lo-profile')}`;
  await run(
    soffice!,
    [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...inputs,
    ],
    { timeout: 180_000 },
  );
  const pdf = Object.fromEntries(Object.keys(files).map((name) => [name, join(dir, `${name}.pdf`)]));
  for (const path of Object.values(pdf))
    if (!existsSync(path)) throw new Error(`LibreOffice did not write ${path}`);
  return { dir, pdf, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function pdfInfo(path: string): Promise<{ pages: number; pageSize: string }> {
  const { stdout } = await run(pdfinfo!, [path]);
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]),
    pageSize: /^Page size:\s+(.*)$/m.exec(stdout)?.[1] ?? '',
  };
}

/** The text of one page (1-based) or of the whole document, NFC-normalised. */
export async function pdfText(path: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await run(pdftotext!, ['-layout', '-enc', 'UTF-8', ...range, path, '-']);
  return stdout.normalize('NFC');
}

/** Names of the fonts the PDF uses (subset prefixes removed). */
export async function pdfFonts(path: string): Promise<string[]> {
  const { stdout } = await run(pdffonts!, [path]);
  const names = stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((name) => name !== '')
    .map((name) => name.replace(/^[A-Z]{6}\+/, ''));
  return [...new Set(names)];
}
