import assert from 'node:assert/strict';
import { ReportError } from '../../../bot/reports/reportErrors';
import { StorageError, findStorageError, toStorageError } from '../../../bot/storage/storageErrors';
import { storageError } from '../../../bot/storage/tables/tableErrors';

const withStatus = (statusCode: number) => Object.assign(new Error('service said no'), { name: 'RestError', statusCode });
const system = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:10002`), { name: 'RestError', code });

describe('toStorageError: every Table failure gets a code', () => {
    it('maps refused, reset and timed-out connections, 408, 429 and 5xx to STORAGE_UNAVAILABLE', () => {
        const abort = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
        for (const err of [system('ECONNREFUSED'), system('ECONNRESET'), system('REQUEST_SEND_ERROR'), abort, withStatus(408), withStatus(429), withStatus(500), withStatus(503)]) {
            const mapped = toStorageError('dedupe claim', err);
            assert.ok(mapped instanceof StorageError);
            assert.equal(mapped.code, 'STORAGE_UNAVAILABLE', `${err.message} ${(err as { statusCode?: number }).statusCode ?? ''}`);
            assert.equal(mapped.cause, err, 'the SDK error stays reachable for debugging');
        }
        assert.equal(toStorageError('x', abort).message, 'x: STORAGE_UNAVAILABLE (timeout)');
        assert.equal(toStorageError('x', system('ECONNREFUSED')).message, 'x: STORAGE_UNAVAILABLE (ECONNREFUSED)');
    });

    it('gives the answers that mean "your request" their own codes', () => {
        const codes = [412, 409, 404, 413, 403, 401, 400].map((s) => toStorageError('op', withStatus(s)).code);
        assert.deepEqual(codes, ['ETAG_CONFLICT', 'ALREADY_EXISTS', 'NOT_FOUND', 'ITEM_TOO_LARGE', 'ACCESS_DENIED', 'ACCESS_DENIED', 'INVALID_ARGUMENT']);
    });

    it("never copies the SDK's message (it can quote the request)", () => {
        const err = Object.assign(new Error("PartitionKey='a%3Apersonal-anne' failed"), { statusCode: 500 });
        assert.equal(toStorageError('state write', err).message, 'state write: STORAGE_UNAVAILABLE (500)');
    });

    it('passes a StorageError through unchanged', () => {
        const own = new StorageError('ITEM_TOO_LARGE', 'too big');
        assert.equal(toStorageError('op', own), own);
    });
});

describe('findStorageError: the storage failure inside a wrapped error', () => {
    it('finds it down a cause chain, as the report ports wrap it', () => {
        const wrapped = storageError('store report', system('ECONNREFUSED'));
        assert.ok(wrapped instanceof ReportError);
        assert.equal(wrapped.code, 'STORAGE_UNAVAILABLE');
        assert.equal(findStorageError(wrapped)?.code, 'STORAGE_UNAVAILABLE');
        assert.equal(findStorageError(new Error('outer', { cause: new Error('middle', { cause: wrapped }) }))?.code, 'STORAGE_UNAVAILABLE');
    });

    it('finds nothing in a plain bug, and stops on a cause cycle', () => {
        assert.equal(findStorageError(new TypeError('x is undefined')), undefined);
        const a: Error & { cause?: unknown } = new Error('a');
        a.cause = a;
        assert.equal(findStorageError(a), undefined);
        assert.equal(findStorageError(undefined), undefined);
    });

    it('keeps a 412 a CONFLICT for the report ports, with its StorageError as cause', () => {
        const conflict = storageError('update report', withStatus(412));
        assert.equal(conflict.code, 'CONFLICT');
        assert.equal(findStorageError(conflict)?.code, 'ETAG_CONFLICT');
    });
});
