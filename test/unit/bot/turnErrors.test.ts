import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ActivityTypes, ConversationState, MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { createAdapter } from '../../../bot/http/adapter';
import { GENERIC_ERROR_MESSAGE, STORAGE_DOWN_MESSAGE, TEMPORARY_ERROR_MESSAGE, classifyTurnError } from '../../../bot/http/turnErrors';
import { createLogger } from '../../../bot/logger';
import { ReportError } from '../../../bot/reports/reportErrors';
import type { ActivityDeduplicator } from '../../../bot/storage/activityDedupe';
import { StorageError, toStorageError } from '../../../bot/storage/storageErrors';
import { storageError } from '../../../bot/storage/tables/tableErrors';
import { noteStoredReport } from '../../../bot/teams/turnNotes';
import { REPORT_TEXTS } from '../../../dialogs/reportDialog';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { name: 'RestError', code: 'ECONNREFUSED' });

describe('classifyTurnError', () => {
    it('recognises a storage failure however it is wrapped', () => {
        assert.equal(classifyTurnError(toStorageError('dedupe claim', refused())), 'storage');
        assert.equal(classifyTurnError(storageError('store report', refused())), 'storage');
        assert.equal(classifyTurnError(new Error('dialog failed', { cause: toStorageError('state write', Object.assign(new Error('x'), { statusCode: 503 })) })), 'storage');
        assert.equal(classifyTurnError(new ReportError('STORAGE_UNAVAILABLE', 'memory store down')), 'storage');
    });

    it('tells unreadable bot state, other services and bugs apart', () => {
        assert.equal(classifyTurnError(new StorageError('DAMAGED_ITEM', 'not JSON')), 'damagedState');
        assert.equal(classifyTurnError(refused()), 'network', 'a refused connection outside storage (the Bot Connector)');
        assert.equal(classifyTurnError(Object.assign(new Error('bad gateway'), { statusCode: 502 })), 'network');
        assert.equal(classifyTurnError(new TypeError("Cannot read properties of undefined (reading 'step')")), 'bug');
        assert.equal(classifyTurnError(Object.assign(new Error('forbidden'), { statusCode: 403 })), 'bug');
    });
});

describe('the turn error handler (createAdapter onTurnError)', () => {
    function setup() {
        const logLines: string[] = [];
        const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) }));
        const conversationState = new ConversationState(new MemoryStorage());
        const deleted = sinon.stub(conversationState, 'delete').resolves();
        const adapter = createAdapter({ auth: { kind: 'none' }, allowedTenantIds: ['t'], isTrustedServiceUrl: () => true, dedupe: {} as ActivityDeduplicator, conversationState, logger });
        const context = new TurnContext(adapter, {
            type: ActivityTypes.Message,
            id: 'act-1',
            text: '',
            value: { action: 'report.send', submissionId: 'sub-000001' },
            conversation: { id: 'a:personal-anne', isGroup: false, conversationType: 'personal', name: '' },
        } as Activity);
        const sent = sinon.stub(context, 'sendActivity').resolves(undefined);
        const texts = () => sent.getCalls().map((c) => String(c.args[0]));
        return { adapter, context, deleted, texts, logLines };
    }

    it('storage down: says NIET opgeslagen with the 112 line, and keeps the conversation state', async () => {
        const { adapter, context, deleted, texts } = setup();
        await adapter.onTurnError(context, toStorageError('dedupe claim', refused()));
        assert.deepEqual(texts(), [STORAGE_DOWN_MESSAGE]);
        assert.match(texts()[0], /NIET opgeslagen/);
        assert.ok(texts()[0].includes(REPORT_TEXTS.acuteReminder), 'the 112 line of the report flow, not a copy');
        assert.equal(deleted.callCount, 0);
    });

    it('another service down: keeps the state too, and says so', async () => {
        const { adapter, context, deleted, texts } = setup();
        await adapter.onTurnError(context, refused());
        assert.deepEqual(texts(), [TEMPORARY_ERROR_MESSAGE]);
        assert.equal(deleted.callCount, 0);
    });

    it('a bug or unreadable state still starts the conversation over', async () => {
        for (const error of [new TypeError('boom'), new StorageError('DAMAGED_ITEM', 'not JSON')]) {
            const { adapter, context, deleted, texts } = setup();
            await adapter.onTurnError(context, error);
            assert.deepEqual(texts(), [GENERIC_ERROR_MESSAGE]);
            assert.equal(deleted.callCount, 1);
        }
    });

    it('after a stored report: says it is stored with its reference and what failed, never "niet opgeslagen"', async () => {
        for (const error of [toStorageError('Storage', Object.assign(new Error('x'), { statusCode: 500 })), refused(), new TypeError('boom')]) {
            const { adapter, context, texts, logLines } = setup();
            noteStoredReport(context, { reportId: 'r1', reference: 'MH-2026-0042' });
            await adapter.onTurnError(context, error);
            assert.equal(texts().length, 1);
            assert.match(texts()[0], /^Je melding is opgeslagen \(kenmerk MH-2026-0042\)\./);
            assert.doesNotMatch(texts()[0], /niet opgeslagen/i);
            assert.match(logLines.join(''), /"reportStored":true/);
        }
    });

    it('logs the outcome and the code, never the error message', async () => {
        const { adapter, context, logLines } = setup();
        await adapter.onTurnError(context, toStorageError('dedupe claim', Object.assign(new Error("PartitionKey='a%3Apersonal-anne'"), { statusCode: 500 })));
        const line = JSON.parse(logLines.join('')) as { outcome: string; err: { code: string } };
        assert.equal(line.outcome, 'storage');
        assert.equal(line.err.code, 'STORAGE_UNAVAILABLE');
        assert.doesNotMatch(logLines.join(''), /personal-anne/);
    });
});
