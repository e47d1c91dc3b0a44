/**
 * Checks a pushed tag before anything is released: it is `v` + a semantic version, it names the
 * version in package.json, and CHANGELOG.md has a dated section for it. Says what the release
 * workflow does with it: which major tag moves, and the npm dist-tag.
 */
import { releaseSection } from './changelog.js';
import { ReleaseError } from './errors.js';

export interface ReleasePlan {
  /** `1.2.0` */
  version: string;
  /** `v1.2.0` */
  tag: string;
  /** The moving major tag, `v1`; not moved for a prerelease. */
  majorTag: string;
  prerelease: boolean;
  /** npm dist-tag: `latest`, or `next` for a prerelease (so `npm install` keeps the stable one). */
  npmTag: 'latest' | 'next';
}

// semver.org's regular expression, with the leading `v` of a git tag.
const SEMVER_TAG =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function planRelease(tag: string, packageVersion: string, changelog: string): ReleasePlan {
  const ref = tag.replace(/^refs\/tags\//, '');
  const match = SEMVER_TAG.exec(ref);
  if (!match) {
    throw new ReleaseError(
      'OLG_ERR_RELEASE_TAG',
      `tag ${JSON.stringify(ref)} is not a release tag: expected v<major>.<minor>.<patch>, e.g. v1.2.0 or v1.3.0-rc.1`,
    );
  }
  const version = ref.slice(1);
  if (version !== packageVersion) {
    throw new ReleaseError(
      'OLG_ERR_RELEASE_VERSION_MISMATCH',
      `tag ${ref} does not match package.json's version ${packageVersion}: run "npm version ${version} --no-git-tag-version", commit, and tag that commit`,
    );
  }
  releaseSection(changelog, version);
  const prerelease = match[4] !== undefined;
  return { version, tag: ref, majorTag: `v${match[1]}`, prerelease, npmTag: prerelease ? 'next' : 'latest' };
}

/** The plan as `key=value` lines, for $GITHUB_OUTPUT. */
export function planOutputs(plan: ReleasePlan): string {
  return [
    `version=${plan.version}`,
    `tag=${plan.tag}`,
    `major-tag=${plan.majorTag}`,
    `prerelease=${plan.prerelease}`,
    `npm-tag=${plan.npmTag}`,
  ].join('\n');
}
