/**
 * The one mapping from an Azure SDK failure to the error the domain's ports promise (ReportError with a
 * code), for every Tables implementation of those ports. 404 handling is storageErrors.ifFound.
 */
import { ReportError } from '../../reports/reportErrors';
import { toStorageError } from '../storageErrors';

/**
 * Turns an SDK failure into our coded error; a storage outage must never look like success. The
 * StorageError rides along as the cause, so the turn's error handler sees a storage failure in it.
 */
export function storageError(operation: string, err: unknown): ReportError {
    if (err instanceof ReportError) return err;
    const cause = toStorageError(operation, err);
    if (cause.code === 'ETAG_CONFLICT') return new ReportError('CONFLICT', `${operation}: row changed meanwhile`, cause);
    return new ReportError('STORAGE_UNAVAILABLE', cause.message, cause);
}
