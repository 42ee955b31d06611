import { odata, TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';

/**
 * Hands out one TableClient per table, creating the table on first use. Every store takes this
 * factory, so the same code runs on Azurite (connection string) and on Azure (managed identity).
 */
export interface TableClientFactory {
    /** A client for `<prefix><name>`; the table exists once the promise resolves. */
    table(name: string): Promise<TableClient>;
    /** A cheap round trip to the service, for the readiness probe. */
    ping(): Promise<void>;
    /**
     * Opens the given tables at once: one listing says which exist, the missing ones are created side by
     * side, and table() then hands them out without a round trip. Without it each table costs a create
     * request on its first use, one after the other inside the first turns.
     */
    prepare(names: readonly string[]): Promise<void>;
}

export type TableConnection =
    | { kind: 'connectionString'; connectionString: string }
    | { kind: 'accountUrl'; accountUrl: string; managedIdentityClientId?: string };

/**
 * Pipeline steps that do nothing for our Table traffic but still run on every request (each an extra
 * async layer): no tracer is configured, the Azure SDK logger is off, Tables never redirects, and
 * entities travel as JSON, never as form data. Without them a request costs some 5 % less CPU in the
 * bot process, which is what limits throughput under load (`npm run bench`).
 */
const UNUSED_POLICIES = ['tracingPolicy', 'logPolicy', 'redirectPolicy', 'formDataPolicy', 'multipartPolicy'];

const isHttpConnection = (cs: string) => /TableEndpoint=http:\/\//i.test(cs) || /UseDevelopmentStorage=true/i.test(cs);

/** How hard one Table call tries before it fails (tests make it quick). */
export interface TableCallLimits {
    /** Per attempt; a call that times out fails at once (the SDK does not retry its own timeout). */
    requestTimeoutMs: number;
    /** Retries after a refused or reset connection, 408 or 5xx, with exponential backoff from retryDelayMs. */
    maxRetries: number;
    retryDelayMs: number;
}

/**
 * A turn has some 15 s before Teams sends it again, and does a few storage round trips one after the
 * other: no attempt may take longer than 5 s (the SDK has no timeout of its own, so a hanging storage
 * would hang the turn), and a refused connection costs three tries within about a second.
 */
export const DEFAULT_TABLE_CALL_LIMITS: TableCallLimits = { requestTimeoutMs: 5000, maxRetries: 2, retryDelayMs: 200 };

type PipelinePolicy = Parameters<TableClient['pipeline']['addPolicy']>[0];

/** Sets the per-attempt timeout on every request that has none; it runs before the retry policy, so each try gets it. */
function timeoutPolicy(timeoutMs: number): PipelinePolicy {
    return {
        name: 'signaalRequestTimeout',
        sendRequest(request, next) {
            if (!request.timeout) request.timeout = timeoutMs;
            return next(request);
        },
    };
}

export function createTableClientFactory(connection: TableConnection, prefix: string, limits: TableCallLimits = DEFAULT_TABLE_CALL_LIMITS): TableClientFactory {
    const options: TableServiceClientOptions = {
        // The connector must not hang a turn forever when storage is gone: fail fast, the caller retries.
        retryOptions: { maxRetries: limits.maxRetries, retryDelayInMs: limits.retryDelayMs, maxRetryDelayInMs: 2000 },
    };
    // @azure/identity only for managed identity: loading it costs start-up time that local mode and
    // connection strings never use (npm run bench:startup).
    const credential: Promise<TokenCredential> | undefined =
        connection.kind === 'accountUrl'
            ? import('@azure/identity').then(({ DefaultAzureCredential, ManagedIdentityCredential }) =>
                  connection.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId }) : new DefaultAzureCredential(),
              )
            : undefined;
    const accountCredential = (): Promise<TokenCredential> => credential ?? Promise.reject(new Error('no credential for a connection string'));
    if (connection.kind === 'connectionString' && isHttpConnection(connection.connectionString)) options.allowInsecureConnection = true;
    let service: Promise<TableServiceClient> | undefined;
    const serviceClient = (): Promise<TableServiceClient> => {
        service ??= (async () => {
            const client =
                connection.kind === 'connectionString'
                    ? TableServiceClient.fromConnectionString(connection.connectionString, options)
                    : new TableServiceClient(connection.accountUrl, await accountCredential(), options);
            client.pipeline.addPolicy(timeoutPolicy(limits.requestTimeoutMs));
            return client;
        })();
        return service;
    };
    const ready = new Map<string, Promise<TableClient>>();

    const makeClient = async (tableName: string): Promise<TableClient> => {
        const client =
            connection.kind === 'connectionString'
                ? TableClient.fromConnectionString(connection.connectionString, tableName, options)
                : new TableClient(connection.accountUrl, tableName, await accountCredential(), options);
        for (const name of UNUSED_POLICIES) client.pipeline.removePolicy({ name });
        client.pipeline.addPolicy(timeoutPolicy(limits.requestTimeoutMs));
        return client;
    };

    /** The one client per table, made once; `create` false: the table is known to exist. */
    const open = (tableName: string, create: boolean): Promise<TableClient> => {
        let pending = ready.get(tableName);
        if (!pending) {
            pending = makeClient(tableName).then(async (client) => {
                if (create) await client.createTable();
                return client;
            });
            // A failed creation must not poison the cache: the next call tries again.
            pending.catch(() => ready.delete(tableName));
            ready.set(tableName, pending);
        }
        return pending;
    };

    return {
        table(name: string): Promise<TableClient> {
            return open(`${prefix}${name}`, true);
        },
        async prepare(names: readonly string[]): Promise<void> {
            const wanted = [...new Set(names.map((name) => `${prefix}${name}`))].filter((tableName) => !ready.has(tableName));
            if (wanted.length === 0) return;
            // Only these names: the account may hold many other tables (other prefixes, other apps).
            const filter = wanted.map((tableName) => odata`TableName eq ${tableName}`).join(' or ');
            const existing = new Set<string>();
            for await (const table of (await serviceClient()).listTables({ queryOptions: { filter } })) {
                if (table.name) existing.add(table.name);
            }
            await Promise.all(wanted.map((tableName) => open(tableName, !existing.has(tableName))));
        },
        async ping(): Promise<void> {
            const iterator = (await serviceClient()).listTables().byPage({ maxPageSize: 1 });
            await iterator.next();
        },
    };
}
