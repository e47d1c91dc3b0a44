/** Why a release cannot be made, with a stable code (the release workflow stops on it). */
export type ReleaseErrorCode =
  | 'OLG_ERR_RELEASE_USAGE'
  | 'OLG_ERR_RELEASE_TAG'
  | 'OLG_ERR_RELEASE_VERSION_MISMATCH'
  | 'OLG_ERR_RELEASE_NO_SECTION'
  | 'OLG_ERR_RELEASE_UNDATED'
  | 'OLG_ERR_RELEASE_EMPTY_NOTES';

export class ReleaseError extends Error {
  readonly code: ReleaseErrorCode;
  constructor(code: ReleaseErrorCode, message: string) {
    super(message);
    this.name = 'ReleaseError';
    this.code = code;
  }
}
