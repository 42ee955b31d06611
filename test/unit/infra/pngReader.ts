import zlib from 'node:zlib';

/** Reads a PNG's header and, for 8-bit RGBA/RGB images, its pixels: enough to check app icons. */

export interface PngInfo {
    width: number;
    height: number;
    bitDepth: number;
    colorType: number;
    /** Whether the image can carry transparency (an alpha channel or a tRNS chunk). */
    hasAlpha: boolean;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
    type: string;
    data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
    if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
    const out: Chunk[] = [];
    let p = 8;
    while (p < png.length) {
        const length = png.readUInt32BE(p);
        const type = png.toString('ascii', p + 4, p + 8);
        const data = png.subarray(p + 8, p + 8 + length);
        const crc = png.readUInt32BE(p + 8 + length);
        if ((zlib.crc32(png.subarray(p + 4, p + 8 + length)) >>> 0) !== crc) throw new Error(`bad CRC in ${type}`);
        out.push({ type, data });
        p += 12 + length;
        if (type === 'IEND') break;
    }
    return out;
}

export function readPngInfo(png: Buffer): PngInfo {
    const all = chunks(png);
    const ihdr = all[0];
    if (ihdr?.type !== 'IHDR') throw new Error('IHDR is not the first chunk');
    const colorType = ihdr.data[9];
    return {
        width: ihdr.data.readUInt32BE(0),
        height: ihdr.data.readUInt32BE(4),
        bitDepth: ihdr.data[8],
        colorType,
        hasAlpha: colorType === 4 || colorType === 6 || all.some((c) => c.type === 'tRNS'),
    };
}

function paeth(a: number, b: number, c: number): number {
    const p = a + b - c;
    const pa = Math.abs(p - a);
    const pb = Math.abs(p - b);
    const pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

/** Decodes an 8-bit, non-interlaced RGBA image into rows of [r, g, b, a] bytes. */
export function readRgbaPixels(png: Buffer): { info: PngInfo; pixels: Uint8Array } {
    const info = readPngInfo(png);
    if (info.bitDepth !== 8 || info.colorType !== 6) throw new Error('only 8-bit RGBA is decoded here');
    const all = chunks(png);
    if (all[0].data[12] !== 0) throw new Error('interlaced PNGs are not decoded here');
    const raw = zlib.inflateSync(Buffer.concat(all.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    const bpp = 4;
    const stride = info.width * bpp;
    const pixels = new Uint8Array(stride * info.height);
    for (let y = 0; y < info.height; y++) {
        const filter = raw[y * (stride + 1)];
        for (let x = 0; x < stride; x++) {
            const v = raw[y * (stride + 1) + 1 + x];
            const a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
            const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
            const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
            let out: number;
            switch (filter) {
                case 0: out = v; break;
                case 1: out = v + a; break;
                case 2: out = v + b; break;
                case 3: out = v + Math.floor((a + b) / 2); break;
                case 4: out = v + paeth(a, b, c); break;
                default: throw new Error(`unknown filter ${filter}`);
            }
            pixels[y * stride + x] = out & 0xff;
        }
    }
    return { info, pixels };
}
