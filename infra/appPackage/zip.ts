import zlib from 'node:zlib';

/**
 * A small ZIP writer (deflate, no ZIP64): enough for a Teams app package of three files, and no
 * dependency to audit. Entries get one fixed timestamp so the same input gives the same bytes.
 */

export interface ZipEntry {
    /** Path inside the archive, with forward slashes. */
    name: string;
    data: Buffer;
}

export class ZipError extends Error {
    constructor(
        public readonly code: 'ZIP_NAME' | 'ZIP_DUPLICATE' | 'ZIP_TOO_LARGE',
        message: string,
    ) {
        super(message);
        this.name = 'ZipError';
    }
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20;
const FLAG_UTF8_NAMES = 0x0800;
const METHOD_DEFLATE = 8;
const MAX_32 = 0xffffffff;

function dosDateTime(date: Date): { time: number; day: number } {
    const year = Math.max(1980, date.getUTCFullYear());
    return {
        time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
        day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
    };
}

function checkName(name: string): void {
    if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
        throw new ZipError('ZIP_NAME', `Ongeldige bestandsnaam in het zip-bestand: "${name}"`);
    }
}

export function createZip(entries: readonly ZipEntry[], modified: Date = new Date(Date.UTC(2025, 0, 1))): Buffer {
    const { time, day } = dosDateTime(modified);
    const seen = new Set<string>();
    const parts: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
        checkName(entry.name);
        if (seen.has(entry.name)) throw new ZipError('ZIP_DUPLICATE', `Dubbel bestand in het zip-bestand: "${entry.name}"`);
        seen.add(entry.name);
        const name = Buffer.from(entry.name, 'utf8');
        const compressed = zlib.deflateRawSync(entry.data, { level: 9 });
        const crc = zlib.crc32(entry.data) >>> 0;
        if (entry.data.length >= MAX_32 || offset >= MAX_32) {
            throw new ZipError('ZIP_TOO_LARGE', 'Het zip-bestand wordt te groot voor dit eenvoudige formaat');
        }

        const local = Buffer.alloc(30);
        local.writeUInt32LE(LOCAL_HEADER, 0);
        local.writeUInt16LE(VERSION_NEEDED, 4);
        local.writeUInt16LE(FLAG_UTF8_NAMES, 6);
        local.writeUInt16LE(METHOD_DEFLATE, 8);
        local.writeUInt16LE(time, 10);
        local.writeUInt16LE(day, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(compressed.length, 18);
        local.writeUInt32LE(entry.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);

        const header = Buffer.alloc(46);
        header.writeUInt32LE(CENTRAL_HEADER, 0);
        header.writeUInt16LE(VERSION_NEEDED, 4);
        header.writeUInt16LE(VERSION_NEEDED, 6);
        header.writeUInt16LE(FLAG_UTF8_NAMES, 8);
        header.writeUInt16LE(METHOD_DEFLATE, 10);
        header.writeUInt16LE(time, 12);
        header.writeUInt16LE(day, 14);
        header.writeUInt32LE(crc, 16);
        header.writeUInt32LE(compressed.length, 20);
        header.writeUInt32LE(entry.data.length, 24);
        header.writeUInt16LE(name.length, 28);
        // extra field, comment, disk number, internal and external attributes stay 0
        header.writeUInt32LE(offset, 42);

        parts.push(local, name, compressed);
        central.push(header, name);
        offset += local.length + name.length + compressed.length;
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...parts, directory, end]);
}
