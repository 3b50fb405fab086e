// Geometry of the dashboard's inline SVG charts. Shares (0..1) come from the
// core's scores; this only places them on the page.

/** A point on a circle: axis `i` of `n`, the first pointing straight up. */
export function polar(i: number, n: number, radius: number, cx: number, cy: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [round(cx + radius * Math.cos(angle)), round(cy + radius * Math.sin(angle))];
}

/** The closed polygon of `shares` (0..1, clamped) on a radar of `radius`. */
export function radarPath(shares: number[], radius: number, cx: number, cy: number): string {
  if (shares.length === 0) return "";
  return (
    shares
      .map((s, i) => {
        const [x, y] = polar(i, shares.length, radius * clamp(s), cx, cy);
        return `${i === 0 ? "M" : "L"}${x},${y}`;
      })
      .join(" ") + " Z"
  );
}

/** A regular ring of `n` corners at `share` of the radius (threshold lines). */
export function ringPath(n: number, share: number, radius: number, cx: number, cy: number): string {
  return radarPath(Array.from({ length: n }, () => share), radius, cx, cy);
}

/** A share clamped to 0..1; missing values are 0. */
export function clamp(share: number | null | undefined): number {
  if (share === null || share === undefined || !Number.isFinite(share)) return 0;
  return Math.min(1, Math.max(0, share));
}

/** `value / of`, or 0 when `of` is not positive. */
export function share(value: number | null | undefined, of: number | null | undefined): number {
  if (!of || of <= 0) return 0;
  return clamp((value ?? 0) / of);
}

/**
 * Words broken into lines of at most `width` characters (a longer word gets
 * a line of its own), for labels inside SVG, which does not wrap text.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
