import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../src/lib/state/route.ts';

describe('hash routes', () => {
  it('parses home, episode and query', () => {
    expect(parseHash('').slug).toBeNull();
    expect(parseHash('#/').slug).toBeNull();
    const r = parseHash('#/kelsey-hightower?t=754&q=raft');
    expect(r.slug).toBe('kelsey-hightower');
    expect(r.params.get('t')).toBe('754');
    expect(r.params.get('q')).toBe('raft');
    expect(parseHash('#/%E0%A4%A').slug).toBe('%E0%A4%A');
  });
  it('round-trips', () => {
    const hash = formatHash('ivar-østhus', { t: '12', q: 'a b' });
    expect(hash).toBe('#/ivar-%C3%B8sthus?t=12&q=a+b');
    const back = parseHash(hash);
    expect(back.slug).toBe('ivar-østhus');
    expect(back.params.get('q')).toBe('a b');
    expect(formatHash(null)).toBe('#/');
  });
});
