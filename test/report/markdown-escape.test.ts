import { describe, expect, it } from 'vitest';
import { collapseWhitespace, escapeInline, fencedBlock, truncate } from '../../src/report/escape.js';

describe('escapeInline', () => {
  it('neutralises HTML, table pipes, backticks, mentions and references', () => {
    const out = escapeInline('<script>alert("x")</script> | `rm -rf` @octocat #42 a&b');
    expect(out).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#124; &#96;rm -rf&#96; @&#8203;octocat &#35;&#8203;42 a&amp;b',
    );
    for (const raw of ['<', '>', '|', '`', '@octocat', '#42']) expect(out).not.toContain(raw);
  });

  it('escapes markdown emphasis, links, math and leading list markers', () => {
    expect(escapeInline('*bold* [link](x) ![img](y) ~~s~~ $x$ \\')).toBe(
      '&#42;bold&#42; &#91;link&#93;(x) &#33;&#91;img&#93;(y) &#126;&#126;s&#126;&#126; &#36;x&#36; &#92;',
    );
    expect(escapeInline('- item')).toBe('&#45; item');
    expect(escapeInline('=== title')).toBe('&#61;== title');
    // underscores inside words stay readable, others are escaped
    expect(escapeInline('http_5xx _em_ __x__')).toBe('http_5xx &#95;em&#95; &#95;&#95;x&#95;&#95;');
  });

  it('collapses newlines and control characters to one line', () => {
    expect(escapeInline('line one\r\n\n  line\ttwo\u0000\u2028three')).toBe('line one line two three');
    expect(collapseWhitespace('  a \n b  ')).toBe('a b');
  });

  it('cuts long text to 160 characters with an ellipsis, before escaping', () => {
    const body = `{"error":"${'x'.repeat(5 * 1024)}"}`;
    const out = escapeInline(body);
    expect(out.endsWith('…')).toBe(true);
    expect(Array.from(out.replace(/&[#a-z0-9]+;/g, 'E'))).toHaveLength(160);
    expect(escapeInline('short')).toBe('short');
    // a cut never splits an entity
    const pipes = escapeInline('|'.repeat(500), 10);
    expect(pipes).toBe(`${'&#124;'.repeat(9)}…`);
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('fencedBlock', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(fencedBlock('plain', 'text')).toBe('```text\nplain\n```');
    const hostile = 'a\n```\n<b>x</b>\n`````';
    const block = fencedBlock(hostile, 'text');
    expect(block.startsWith('``````text\n')).toBe(true);
    expect(block.endsWith('\n``````')).toBe(true);
  });
});
