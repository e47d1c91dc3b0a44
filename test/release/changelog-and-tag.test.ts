import { describe, expect, it } from 'vitest';
import { parseChangelog, releaseNotes } from '../../scripts/release/changelog.js';
import { ReleaseError } from '../../scripts/release/errors.js';
import { planOutputs, planRelease } from '../../scripts/release/tag.js';

const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

### Added
- something new

## [1.2.0] - 2026-12-01

### Fixed
- a bug, with a [link][1.1.0]

## [1.2.0-rc.1] - 2026-11-28
- candidate

## 1.1.0 - 2026-11-20
- plain heading

## [1.0.0]
- never dated

## [0.9.0] - 2026-10-01

[Unreleased]: https://github.com/acme/order-load-gate/compare/v1.2.0...HEAD
[1.1.0]: https://github.com/acme/order-load-gate/releases/tag/v1.1.0
`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ReleaseError);
    return (error as ReleaseError).code;
  }
  return undefined;
}

describe('CHANGELOG.md sections', () => {
  it('parses every section with its version and date, link definitions left out', () => {
    const sections = parseChangelog(CHANGELOG);
    expect(sections.map((s) => [s.version, s.date])).toEqual([
      ['Unreleased', undefined],
      ['1.2.0', '2026-12-01'],
      ['1.2.0-rc.1', '2026-11-28'],
      ['1.1.0', '2026-11-20'],
      ['1.0.0', undefined],
      ['0.9.0', '2026-10-01'],
    ]);
    expect(sections.at(-1)?.body).toBe('');
  });

  it('gives a version’s notes from a tag or a version, up to the next section', () => {
    expect(releaseNotes(CHANGELOG, 'v1.2.0')).toBe('### Fixed\n- a bug, with a [link][1.1.0]\n');
    expect(releaseNotes(CHANGELOG, '1.1.0')).toBe('- plain heading\n');
    expect(releaseNotes(CHANGELOG, 'v1.2.0-rc.1')).toBe('- candidate\n');
  });

  it('refuses a missing, undated or empty section', () => {
    expect(codeOf(() => releaseNotes(CHANGELOG, 'v3.0.0'))).toBe('OLG_ERR_RELEASE_NO_SECTION');
    expect(codeOf(() => releaseNotes(CHANGELOG, 'v1.0.0'))).toBe('OLG_ERR_RELEASE_UNDATED');
    expect(codeOf(() => releaseNotes(CHANGELOG, 'Unreleased'))).toBe('OLG_ERR_RELEASE_UNDATED');
    expect(codeOf(() => releaseNotes(CHANGELOG, '0.9.0'))).toBe('OLG_ERR_RELEASE_EMPTY_NOTES');
  });
});

describe('the release tag', () => {
  it('plans a release: the major tag moves, npm gets it as latest', () => {
    const plan = planRelease('v1.2.0', '1.2.0', CHANGELOG);
    expect(plan).toEqual({
      version: '1.2.0',
      tag: 'v1.2.0',
      majorTag: 'v1',
      prerelease: false,
      npmTag: 'latest',
    });
    expect(planRelease('refs/tags/v1.2.0', '1.2.0', CHANGELOG).tag).toBe('v1.2.0');
    expect(planOutputs(plan)).toBe(
      'version=1.2.0\ntag=v1.2.0\nmajor-tag=v1\nprerelease=false\nnpm-tag=latest',
    );
  });

  it('plans a prerelease: no major tag move, npm dist-tag next', () => {
    expect(planRelease('v1.2.0-rc.1', '1.2.0-rc.1', CHANGELOG)).toMatchObject({
      prerelease: true,
      npmTag: 'next',
    });
  });

  it('refuses a tag that is not v + semver, or names another version than package.json', () => {
    for (const tag of ['1.2.0', 'v1.2', 'v1', 'v01.2.0', 'v1.2.0.0', 'release-1.2.0', 'v1.2.0-']) {
      expect(
        codeOf(() => planRelease(tag, '1.2.0', CHANGELOG)),
        tag,
      ).toBe('OLG_ERR_RELEASE_TAG');
    }
    expect(codeOf(() => planRelease('v1.2.1', '1.2.0', CHANGELOG))).toBe('OLG_ERR_RELEASE_VERSION_MISMATCH');
    expect(codeOf(() => planRelease('v3.0.0', '3.0.0', CHANGELOG))).toBe('OLG_ERR_RELEASE_NO_SECTION');
  });
});
