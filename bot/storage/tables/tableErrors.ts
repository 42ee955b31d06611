/**
 * The one mapping from an Azure SDK failure to the error the domain's ports promise (ReportError with a
 * code), for every Tables implementation of those ports. 404 handling is storageErrors.ifFound.
 */
import { ReportError } from '../../reports/reportErrors';
import { statusOf } from '../storageErrors';

/** Turns an SDK failure into our coded error; a storage outage must never look like success. */
export function storageError(operation: string, err: unknown): ReportError {
    if (err instanceof ReportError) return err;
    const status = statusOf(err);
    if (status === 412) return new ReportError('CONFLICT', `${operation}: row changed meanwhile`, err);
    return new ReportError('STORAGE_UNAVAILABLE', `${operation}: storage failed${status ? ` (${status})` : ''}`, err);
}
