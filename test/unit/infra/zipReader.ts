import zlib from 'node:zlib';

/**
 * An independent ZIP reader for the tests: it walks the central directory the way unzip tools do,
 * so a package our writer produces is checked by code that does not share the writer's assumptions.
 */

export interface ZipFile {
    name: string;
    data: Buffer;
    method: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function readZip(zip: Buffer): ZipFile[] {
    let eocd = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
        if (zip.readUInt32LE(i) === EOCD) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error('no end of central directory record');
    const count = zip.readUInt16LE(eocd + 10);
    const size = zip.readUInt32LE(eocd + 12);
    let p = zip.readUInt32LE(eocd + 16);
    if (p + size !== eocd) throw new Error('central directory does not end where the end record starts');
    const files: ZipFile[] = [];
    for (let n = 0; n < count; n++) {
        if (zip.readUInt32LE(p) !== CENTRAL) throw new Error(`bad central header at ${p}`);
        const method = zip.readUInt16LE(p + 10);
        const crc = zip.readUInt32LE(p + 16);
        const compressedSize = zip.readUInt32LE(p + 20);
        const size = zip.readUInt32LE(p + 24);
        const nameLength = zip.readUInt16LE(p + 28);
        const extraLength = zip.readUInt16LE(p + 30);
        const commentLength = zip.readUInt16LE(p + 32);
        const localOffset = zip.readUInt32LE(p + 42);
        const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
        p += 46 + nameLength + extraLength + commentLength;

        if (zip.readUInt32LE(localOffset) !== LOCAL) throw new Error(`bad local header for ${name}`);
        const localName = zip.toString('utf8', localOffset + 30, localOffset + 30 + zip.readUInt16LE(localOffset + 26));
        if (localName !== name) throw new Error(`local name ${localName} differs from central name ${name}`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        let data: Buffer;
        if (method === 0) data = Buffer.from(raw);
        else if (method === 8) data = zlib.inflateRawSync(raw);
        else throw new Error(`unsupported method ${method} for ${name}`);
        if (data.length !== size) throw new Error(`size mismatch for ${name}`);
        if ((zlib.crc32(data) >>> 0) !== crc) throw new Error(`crc mismatch for ${name}`);
        files.push({ name, data, method });
    }
    return files;
}
