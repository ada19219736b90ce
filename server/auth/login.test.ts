import { describe, expect, it } from 'vitest';
import { safeNext } from './login';

describe('where a login sends you next', () => {
  it('keeps paths on this origin', () => {
    expect(safeNext('/c/podscope-local/pods?ns=a&q=x#top')).toBe('/c/podscope-local/pods?ns=a&q=x#top');
    expect(safeNext('/s/abcdefghijklmnop')).toBe('/s/abcdefghijklmnop');
    expect(safeNext('/c/a%20b/pods')).toBe('/c/a%20b/pods');
  });
  it('refuses everything a browser would take off this origin', () => {
    for (const bad of [
      '/%09/evil.example',
      '/\t/evil.example',
      '//evil.example',
      '/\\evil.example',
      '/%5Cevil.example',
      '/%2F/evil.example',
      'https://evil.example',
      'evil.example',
      '/\n/evil.example',
      '/%0a/evil.example',
      '',
      '/%E0%A4%A',
      'javascript:alert(1)',
      undefined,
      42,
    ]) {
      expect(safeNext(bad), String(bad)).toBe('/');
    }
  });
});
