import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

/**
 * Hands out one TableClient per table, creating the table on first use. Every store takes this
 * factory, so the same code runs on Azurite (connection string) and on Azure (managed identity).
 */
export interface TableClientFactory {
    /** A client for `<prefix><name>`; the table exists once the promise resolves. */
    table(name: string): Promise<TableClient>;
    /** A cheap round trip to the service, for the readiness probe. */
    ping(): Promise<void>;
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

export function createTableClientFactory(connection: TableConnection, prefix: string): TableClientFactory {
    const options: TableServiceClientOptions = {
        // The connector must not hang a turn forever when storage is gone: fail fast, the caller retries.
        retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
    };
    let credential: TokenCredential | undefined;
    let service: TableServiceClient;
    if (connection.kind === 'connectionString') {
        if (isHttpConnection(connection.connectionString)) options.allowInsecureConnection = true;
        service = TableServiceClient.fromConnectionString(connection.connectionString, options);
    } else {
        credential = connection.managedIdentityClientId
            ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId })
            : new DefaultAzureCredential();
        service = new TableServiceClient(connection.accountUrl, credential, options);
    }
    const ready = new Map<string, Promise<TableClient>>();

    const makeClient = (tableName: string): TableClient => {
        const client =
            connection.kind === 'connectionString'
                ? TableClient.fromConnectionString(connection.connectionString, tableName, options)
                : new TableClient(connection.accountUrl, tableName, credential as TokenCredential, options);
        for (const name of UNUSED_POLICIES) client.pipeline.removePolicy({ name });
        return client;
    };

    return {
        table(name: string): Promise<TableClient> {
            const tableName = `${prefix}${name}`;
            let pending = ready.get(tableName);
            if (!pending) {
                const client = makeClient(tableName);
                pending = client.createTable().then(() => client);
                // A failed creation must not poison the cache: the next call tries again.
                pending.catch(() => ready.delete(tableName));
                ready.set(tableName, pending);
            }
            return pending;
        },
        async ping(): Promise<void> {
            const iterator = service.listTables().byPage({ maxPageSize: 1 });
            await iterator.next();
        },
    };
}
