import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, scrub } from '../../src/core/scrub.js';
import { accountBook } from '../../src/scenario/accounts.js';
import { parseAccountsCsv } from '../../src/scenario/accounts-file.js';

afterEach(() => clearSecrets());

describe('account ranges and account files', () => {
  it('numbers accounts from firstIndex', () => {
    const of = accountBook({ accounts: { firstIndex: 100 } }, { userPrefix: 'shopper_', password: 'pw' });
    expect(of(0)).toEqual({ username: 'shopper_100', password: 'pw' });
    expect(of(7)).toEqual({ username: 'shopper_107', password: 'pw' });
    expect(accountBook({}, { userPrefix: 'u', password: 'pw' })(3).username).toBe('u3');
  });

  it('reads username,password rows (a header row, quotes, blank and # lines) and needs a row per user', () => {
    const text = [
      'username,password',
      '# staging accounts',
      'alice,"pa,ss"',
      '',
      '"bob ""b""",x""y',
      '',
    ].join('\r\n');
    const rows = parseAccountsCsv(text, 'accounts.csv');
    expect(rows).toEqual([
      { username: 'alice', password: 'pa,ss' },
      { username: 'bob "b"', password: 'x""y' },
    ]);
    const of = accountBook({ accounts: { file: 'accounts.csv' } }, { userPrefix: 'u', password: 'pw' }, rows);
    expect(of(1).username).toBe('bob "b"');
    expect(() => of(2)).toThrow(/a row for every user: user 2 needs 3 rows, the file has 2/);
  });

  it('names the file and line of a bad row, never its password', () => {
    expect(() => parseAccountsCsv('alice,secret,extra\n', 'a.csv')).toThrow(
      'a.csv: at accounts.file line 1: expected two fields: username,password',
    );
    expect(() => parseAccountsCsv('alice,\n', 'a.csv')).toThrow(/line 1: expected a username and a password/);
    expect(() => parseAccountsCsv('username,password\n', 'a.csv')).toThrow(
      /at least one username,password row/,
    );
    expect(() => parseAccountsCsv('alice,"secret\n', 'a.csv')).toThrow(/line 1: expected two fields/);
    try {
      parseAccountsCsv('alice,"secret\n', 'a.csv');
    } catch (err) {
      expect((err as Error).message).not.toMatch(/secret/);
    }
  });

  it('registers every password of the file as a secret: scrubbed when a target echoes it', () => {
    parseAccountsCsv('alice,first-secret\nbob,second-secret\n', 'a.csv');
    expect(scrub('bad password second-secret for bob')).toBe('bad password *** for bob');
  });
});
