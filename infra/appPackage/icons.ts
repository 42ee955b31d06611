import { encodePng } from './png';

/**
 * The app icons, drawn from geometry so the repository makes them itself and they stay sharp:
 * a speech balloon with an exclamation mark ("signaal melden"). Teams wants a 192×192 colour icon
 * and a 32×32 outline icon that is white on a transparent background.
 */

export const ACCENT_COLOR = '#1F4E79';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgba = readonly [number, number, number, number];
type Point = readonly [number, number];

const WHITE: Rgba = [255, 255, 255, 255];
const SUPERSAMPLES = 4;

function hexToRgba(hex: string): Rgba {
    const value = Number.parseInt(hex.slice(1), 16);
    return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff, 255];
}

/** Signed distance to a rounded rectangle: negative inside, positive outside. */
function roundRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): number {
    const cx = (left + right) / 2;
    const cy = (top + bottom) / 2;
    const qx = Math.abs(x - cx) - ((right - left) / 2 - radius);
    const qy = Math.abs(y - cy) - ((bottom - top) / 2 - radius);
    const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
    return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Signed distance to the segment a-b widened by `radius` (a capsule). */
function capsule(x: number, y: number, a: Point, b: Point, radius: number): number {
    const [ax, ay] = a;
    const [bx, by] = b;
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - radius;
}

/**
 * Approximate signed distance to a triangle given clockwise (in screen coordinates): the largest
 * distance to its edge lines. Exact near the edges, which is all an icon stroke needs.
 */
function triangle(x: number, y: number, p: readonly [Point, Point, Point]): number {
    let d = -Infinity;
    for (let i = 0; i < 3; i++) {
        const [ax, ay] = p[i];
        const [bx, by] = p[(i + 1) % 3];
        const nx = by - ay;
        const ny = -(bx - ax);
        const len = Math.hypot(nx, ny);
        d = Math.max(d, ((x - ax) * nx + (y - ay) * ny) / len);
    }
    return d;
}

interface Glyph {
    balloon(x: number, y: number): number;
    mark(x: number, y: number): number;
}

interface MarkShape {
    barTop: number;
    barBottom: number;
    barRadius: number;
    dotCenter: number;
    dotRadius: number;
}

/** The mark as fractions of the balloon's height (positions) and width (radii). */
const BOLD_MARK: MarkShape = { barTop: 0.2, barBottom: 0.56, barRadius: 0.065, dotCenter: 0.8, dotRadius: 0.075 };
// At 32 pixels the mark needs air between it and the 2-pixel stroke, or it merges with the outline.
const SMALL_MARK: MarkShape = { barTop: 0.33, barBottom: 0.55, barRadius: 0.05, dotCenter: 0.74, dotRadius: 0.06 };

/** The balloon and the exclamation mark in unit coordinates (0..1 across the icon). */
function glyph(margin: number, m: MarkShape): Glyph {
    const left = margin;
    const right = 1 - margin;
    const top = margin + 0.04;
    const bottom = 1 - margin - 0.2;
    const w = right - left;
    const tail: [Point, Point, Point] = [
        [left + w * 0.18, bottom - 0.12],
        [left + w * 0.48, bottom - 0.12],
        [left + w * 0.1, bottom + 0.17],
    ];
    const cx = 0.5;
    const h = bottom - top;
    return {
        balloon: (x, y) => Math.min(roundRect(x, y, left, top, right, bottom, w * 0.18), triangle(x, y, tail)),
        mark: (x, y) =>
            Math.min(
                capsule(x, y, [cx, top + h * m.barTop], [cx, top + h * m.barBottom], w * m.barRadius),
                Math.hypot(x - cx, y - (top + h * m.dotCenter)) - w * m.dotRadius,
            ),
    };
}

function rasterize(size: number, shade: (x: number, y: number) => Rgba | undefined): Buffer {
    const pixels = new Uint8Array(size * size * 4);
    for (let py = 0; py < size; py++) {
        for (let px = 0; px < size; px++) {
            // Average premultiplied samples so the edges are smooth and transparent pixels stay clean.
            let r = 0;
            let g = 0;
            let b = 0;
            let a = 0;
            for (let sy = 0; sy < SUPERSAMPLES; sy++) {
                for (let sx = 0; sx < SUPERSAMPLES; sx++) {
                    const x = (px + (sx + 0.5) / SUPERSAMPLES) / size;
                    const y = (py + (sy + 0.5) / SUPERSAMPLES) / size;
                    const c = shade(x, y);
                    if (c === undefined) continue;
                    const alpha = c[3] / 255;
                    r += c[0] * alpha;
                    g += c[1] * alpha;
                    b += c[2] * alpha;
                    a += alpha;
                }
            }
            const i = (py * size + px) * 4;
            const n = SUPERSAMPLES * SUPERSAMPLES;
            pixels[i + 3] = Math.round((a / n) * 255);
            if (a > 0) {
                pixels[i] = Math.round(r / a);
                pixels[i + 1] = Math.round(g / a);
                pixels[i + 2] = Math.round(b / a);
            }
        }
    }
    return encodePng(size, size, pixels);
}

/** 192×192, full colour: white balloon on the accent colour, the mark cut out in the accent colour. */
export function renderColorIcon(): Buffer {
    const accent = hexToRgba(ACCENT_COLOR);
    const g = glyph(0.18, BOLD_MARK);
    return rasterize(COLOR_ICON_SIZE, (x, y) => {
        if (g.balloon(x, y) <= 0 && g.mark(x, y) > 0) return WHITE;
        return accent;
    });
}

/** 32×32, white outline of the balloon with a white mark, everything else transparent. */
export function renderOutlineIcon(): Buffer {
    const g = glyph(0.06, SMALL_MARK);
    const stroke = 2.2 / OUTLINE_ICON_SIZE;
    return rasterize(OUTLINE_ICON_SIZE, (x, y) => {
        const d = g.balloon(x, y);
        if ((d <= 0 && d >= -stroke) || g.mark(x, y) <= 0) return WHITE;
        return undefined;
    });
}
