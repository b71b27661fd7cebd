// A horizontal bar of stacked parts, each a share of the whole, drawn in block characters.
export interface BarPart {
  readonly value: number;
  readonly char: string;
  /** ANSI colour code for terminals that show colour. */
  readonly colour?: string;
}

/** `parts` are drawn left to right, each `value / total` of `width`; the rest is `rest`. */
export function bar(width: number, total: number, parts: readonly BarPart[], options: { rest?: string; colour?: boolean } = {}): string {
  const rest = options.rest ?? '░';
  if (total <= 0) return rest.repeat(width);
  let used = 0;
  let cumulative = 0;
  let out = '';
  for (const part of parts) {
    cumulative += Math.max(0, part.value);
    // Cumulative rounding keeps the parts adding up to the right width; a non-zero part shows.
    let end = Math.min(width, Math.round((cumulative / total) * width));
    if (part.value > 0 && end === used && used < width) end = used + 1;
    const cells = Math.max(0, end - used);
    const text = part.char.repeat(cells);
    out += options.colour && part.colour && cells > 0 ? `\x1b[${part.colour}m${text}\x1b[0m` : text;
    used += cells;
  }
  return out + rest.repeat(Math.max(0, width - used));
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** 75 → "1:15", 4 → "4 s", 4000 → "1:06:40". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
