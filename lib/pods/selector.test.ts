import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector } from './selector';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/version': 'v2' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['missing', false],
    ['!missing', true],
    ['app=web,tier=frontend', true],
    ['app.kubernetes.io/version=v2', true],
    ['app=web,tier in (backend)', false],
    ['', true],
  ])('%s → %s', (sel, want) => expect(matchesSelector(parseSelector(sel), labels)).toBe(want));
  it.each(['app=(', 'a b c', '=web', 'app in (web', 'app=web,', 'Bad Key=1'])('rejects %s', (sel) => {
    expect(() => parseSelector(sel)).toThrow();
  });
});
