// Long commands: a bar with ETA on a terminal, nothing but the final line elsewhere.
import { describe, expect, it } from 'vitest';
import { Progress } from '#shared/terminal/progress';
import { bar, formatDuration } from '#shared/terminal/bar';

class Stream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(s: string) {
    this.text += s;
    return true;
  }
}

describe('progress', () => {
  it('stays quiet off a terminal and logs only the final line', () => {
    const out = new Stream(false);
    const p = new Progress('import', { unit: 'lines', stream: out as unknown as NodeJS.WriteStream, total: 100 });
    for (let i = 0; i <= 100; i += 10) p.update(i);
    p.finish('imported 100 lines');
    expect(out.text).toBe('imported 100 lines\n');
  });

  it('shows the share, the rate and an ETA on a terminal', () => {
    let now = 0;
    const out = new Stream(true);
    const p = new Progress('loading', { unit: 'participants', stream: out as unknown as NodeJS.WriteStream, total: 1000, now: () => now });
    now = 2000;
    p.update(250);
    expect(out.text).toBe(`\r\x1b[K${p.line(250, undefined, 2000)}`);
    expect(p.line(250, undefined, 2000)).toBe(`loading  ${'█'.repeat(6)}${'░'.repeat(18)}  25%  250 / 1,000 participants  125/s  ETA 6 s`);
    // A byte share stands in for a total that is not counted in items.
    expect(p.line(500, 0.5, 2000)).toContain(' 50%  500 / 1,000 participants  250/s  ETA 2 s');
    p.finish('loaded');
    expect(out.text.endsWith('\r\x1b[Kloaded\n')).toBe(true);
  });

  it('draws stacked bars that add up to their width', () => {
    expect(bar(10, 4, [{ value: 1, char: 'a' }, { value: 1, char: 'b' }])).toBe('aaaaaaaaaa'.slice(0, 3) + 'bb' + '░░░░░');
    expect(bar(10, 1000, [{ value: 1, char: 'x' }])).toBe('x░░░░░░░░░');
    expect(bar(4, 0, [])).toBe('░░░░');
    expect([formatDuration(4.4), formatDuration(75), formatDuration(3725)]).toEqual(['4 s', '1:15', '1:02:05']);
  });
});
