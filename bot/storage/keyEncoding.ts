import { createHash } from 'node:crypto';

/**
 * Azure Tables forbids '/', '\\', '#', '?' and control characters in PartitionKey and RowKey, and
 * caps each at 1 KiB. Teams ids contain ':', '@', ';', '/', '#' and '?', so every key that comes from
 * outside goes through here. The encoding is percent-style on the forbidden characters and '%'
 * itself, so keys stay readable in Storage Explorer; an over-long key is shortened with a
 * hash, which is still unique but no longer reversible.
 */
const MAX_KEY_CHARS = 512; // well under the 1 KiB limit, measured in UTF-16 code units

export function encodeKey(key: string): string {
    const encoded = key.replace(/[%/\\#?\u0000-\u001f\u007f-\u009f]/g, (ch) => {
        const code = ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
        return `%${code}`;
    });
    if (encoded.length <= MAX_KEY_CHARS) return encoded;
    const digest = createHash('sha256').update(key).digest('hex');
    return `${encoded.slice(0, MAX_KEY_CHARS - 66)}~${digest}`;
}

/** An OData string literal for a filter: single quotes doubled. */
export function odataString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}
