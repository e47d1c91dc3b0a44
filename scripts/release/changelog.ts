/**
 * Reads CHANGELOG.md in the Keep a Changelog format: one `## [version] - YYYY-MM-DD` heading per
 * release (newest first, `## [Unreleased]` on top) and link definitions at the end.
 */
import { ReleaseError } from './errors.js';

export interface ChangelogSection {
  /** As written in the heading: `1.2.0`, `Unreleased`. */
  version: string;
  /** The release date (YYYY-MM-DD), absent for Unreleased. */
  date?: string;
  /** The section's text without its heading and without link definitions, trimmed. */
  body: string;
}

const HEADING = /^##\s+\[?([^\]\s]+)\]?(?:\s+-\s+(\d{4}-\d{2}-\d{2}))?/;
const LINK_DEFINITION = /^\[[^\]]+\]:\s*\S+\s*$/;

/** Every `## ` section of the changelog, in file order. */
export function parseChangelog(text: string): ChangelogSection[] {
  const sections: ChangelogSection[] = [];
  let current: { version: string; date?: string; lines: string[] } | undefined;
  const close = (): void => {
    if (!current) return;
    const body = current.lines
      .filter((line) => !LINK_DEFINITION.test(line))
      .join('\n')
      .trim();
    sections.push({ version: current.version, ...(current.date ? { date: current.date } : {}), body });
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('## ')) {
      close();
      const match = HEADING.exec(line);
      current = { version: match?.[1] ?? line.slice(3).trim(), lines: [] };
      if (match?.[2]) current.date = match[2];
    } else if (current) {
      current.lines.push(line);
    }
  }
  close();
  return sections;
}

/** A version without a leading `v`: `v1.2.0` and `1.2.0` both give `1.2.0`. */
export function bareVersion(versionOrTag: string): string {
  return versionOrTag.replace(/^v(?=\d)/, '');
}

/**
 * The section of one released version (dated, with text): what the GitHub release says.
 * Throws a ReleaseError naming what is missing.
 */
export function releaseSection(text: string, versionOrTag: string): ChangelogSection {
  const version = bareVersion(versionOrTag);
  const section = parseChangelog(text).find((s) => s.version === version);
  if (!section) {
    throw new ReleaseError(
      'OLG_ERR_RELEASE_NO_SECTION',
      `CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section: rename "## [Unreleased]" to it (with today's date) and open a new Unreleased section`,
    );
  }
  if (!section.date) {
    throw new ReleaseError(
      'OLG_ERR_RELEASE_UNDATED',
      `CHANGELOG.md's section ${version} has no date: write it as "## [${version}] - YYYY-MM-DD"`,
    );
  }
  if (section.body === '') {
    throw new ReleaseError('OLG_ERR_RELEASE_EMPTY_NOTES', `CHANGELOG.md's section ${version} is empty`);
  }
  return section;
}

/** The release notes of one version: its changelog section's text. */
export function releaseNotes(text: string, versionOrTag: string): string {
  return `${releaseSection(text, versionOrTag).body}\n`;
}
