import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type HtmlReportInput, renderHtmlReport } from './render-report.js';

/** Writes the self-contained HTML report to `path` (creating its directory); returns the path. */
export async function writeHtmlReport(path: string, input: HtmlReportInput): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderHtmlReport(input));
  return path;
}
