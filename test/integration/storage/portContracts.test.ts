import { TableAuditLog } from '../../../bot/storage/tables/tableAuditLog';
import { TableCaseHistory } from '../../../bot/storage/tables/tableCaseHistory';
import { TableReferenceCounter } from '../../../bot/storage/tables/tableReferenceCounter';
import { TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { TableSubmissionLimiter } from '../../../bot/storage/tables/tableSubmissionLimiter';
import { MemoryAuditLog, MemoryCaseHistory, MemoryReferenceCounter, MemoryReportStore, MemorySubmissionLimiter } from '../../support/memoryPorts';
import { freshTables } from '../../support/testAzurite';
import { auditLogContract, caseHistoryContract, referenceCounterContract, submissionLimiterContract } from './contracts/caseContracts';
import { reportStoreContract } from './contracts/reportStoreContract';

/**
 * One contract suite per port, run against its Azure Tables implementation on Azurite and against the
 * in-memory one the domain unit tests use, so both keep the same promises (as storageContract.ts does
 * for bot state).
 */
const HOUR = 60 * 60 * 1000;

reportStoreContract('TableReportStore on Azurite', async () => new TableReportStore((await freshTables('cstore')).factory));
reportStoreContract('MemoryReportStore', async () => new MemoryReportStore());

caseHistoryContract('TableCaseHistory on Azurite', async () => {
    const { factory } = await freshTables('chist');
    const reports = new TableReportStore(factory);
    return { reports, history: new TableCaseHistory(reports, factory) };
});
caseHistoryContract('MemoryCaseHistory', async () => {
    const reports = new MemoryReportStore();
    return { reports, history: new MemoryCaseHistory(reports) };
});

auditLogContract('TableAuditLog on Azurite', async (clock) => new TableAuditLog((await freshTables('caudit')).factory, clock));
auditLogContract('MemoryAuditLog', async (clock) => new MemoryAuditLog(clock));

referenceCounterContract('TableReferenceCounter on Azurite', async () => new TableReferenceCounter((await freshTables('cref')).factory, { sleep: async () => undefined }));
referenceCounterContract('MemoryReferenceCounter', async () => new MemoryReferenceCounter());

submissionLimiterContract('TableSubmissionLimiter on Azurite', async (max, clock) => new TableSubmissionLimiter((await freshTables('crate')).factory, { maxPerWindow: max, windowMs: HOUR }, clock));
submissionLimiterContract('MemorySubmissionLimiter', async (max, clock) => new MemorySubmissionLimiter({ maxPerWindow: max, windowMs: HOUR }, clock));
