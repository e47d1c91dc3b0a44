import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDir } from '../../core/make-dir.js';
import { type HtmlReportInput, renderHtmlReport } from './render-report.js';

/** Writes the self-contained HTML report to `path` (creating its directory); returns the path. */
export async function writeHtmlReport(path: string, input: HtmlReportInput): Promise<string> {
  await makeDir(dirname(path));
  await writeFile(path, renderHtmlReport(input));
  return path;
}
