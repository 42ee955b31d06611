import zlib from 'node:zlib';

/**
 * A minimal PNG writer (8-bit RGBA, no interlace), so the repository can make its own app icons
 * without an image library or a binary download.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;

export class PngError extends Error {
    constructor(
        public readonly code: 'PNG_SIZE' | 'PNG_DATA',
        message: string,
    ) {
        super(message);
        this.name = 'PngError';
    }
}

function chunk(type: string, data: Buffer): Buffer {
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length, 0);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typeAndData) >>> 0, 0);
    return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes `rgba` (width × height × 4 bytes, row by row) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
        throw new PngError('PNG_SIZE', `Ongeldige afmetingen ${width}x${height}`);
    }
    const stride = width * 4;
    if (rgba.length !== stride * height) {
        throw new PngError('PNG_DATA', `Verwacht ${stride * height} bytes pixeldata, kreeg ${rgba.length}`);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8; // bit depth
    header[9] = COLOR_TYPE_RGBA;
    header[10] = 0; // deflate
    header[11] = 0; // no filter method variants
    header[12] = 0; // no interlace
    // Each scanline starts with its filter type; 0 (none) keeps the writer simple and the output deterministic.
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
        raw[y * (stride + 1)] = 0;
        Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
    }
    const idat = zlib.deflateSync(raw, { level: 9 });
    return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
