/**
 * Bench-only preload for the Azurite child of `npm run bench:history` (`node --require` through
 * NODE_OPTIONS; never loaded by the bot): point reads by PartitionKey + RowKey in O(1), as on Azure Table
 * storage, instead of stock Azurite's cost that grows with the table.
 *
 * Why: Azurite's in-memory store (LokiTableMetadataStore on LokiJS) finds one entity with
 * `collection.findOne({ RowKey, PartitionKey })`. LokiJS answers that from its binary index on the first
 * field, RowKey, and then checks PartitionKey on every row with that RowKey: every report has a row
 * `outbox`, so at 100,000 reports a GET of one outbox row walks 100,000 rows. A query whose filter is
 * exactly `PartitionKey eq '..' and RowKey eq '..'` is worse: `queryTableEntities` evaluates the filter on
 * every row of the table and sorts. On Azure both are a keyed lookup. This patch keeps, per table
 * collection, a Map from PartitionKey + RowKey to the stored document, kept current by LokiJS's own
 * insert / update / delete events (synchronous), and answers both with it. Every other query is untouched:
 * partition and range queries still scan the table as stock Azurite does.
 */
'use strict';
const path = require('node:path');

const azuriteDir = path.join(__dirname, '..', '..', 'node_modules', 'azurite');
const Loki = require(require.resolve('lokijs', { paths: [azuriteDir] }));
const storeModule = require(path.join(azuriteDir, 'dist', 'src', 'table', 'persistence', 'LokiTableMetadataStore.js'));
const LokiTableMetadataStore = storeModule.default;

const SEP = '\u0000';
const keyOf = (pk, rk) => pk + SEP + rk;
/** collection -> Map(PartitionKey + RowKey -> document) */
const maps = new WeakMap();

function mapFor(collection) {
    let map = maps.get(collection);
    if (map) return map;
    map = new Map();
    for (const doc of collection.data) if (typeof doc.PartitionKey === 'string' && typeof doc.RowKey === 'string') map.set(keyOf(doc.PartitionKey, doc.RowKey), doc);
    const add = (docs) => {
        for (const doc of Array.isArray(docs) ? docs : [docs]) {
            if (doc && typeof doc.PartitionKey === 'string' && typeof doc.RowKey === 'string') map.set(keyOf(doc.PartitionKey, doc.RowKey), doc);
        }
    };
    collection.on('insert', add);
    collection.on('update', (doc) => add(doc));
    collection.on('delete', (doc) => {
        if (!doc) return;
        const key = keyOf(doc.PartitionKey, doc.RowKey);
        if (map.get(key) === doc || (map.get(key) && map.get(key).$loki === doc.$loki)) map.delete(key);
    });
    maps.set(collection, map);
    return map;
}

/** A document the map names, if it is still the one stored (clear() emits nothing; get() is a binary search on $loki). */
function lookup(collection, partitionKey, rowKey) {
    const map = mapFor(collection);
    const key = keyOf(partitionKey, rowKey);
    const doc = map.get(key);
    if (!doc) return null;
    if (collection.get(doc.$loki) !== doc) {
        map.delete(key);
        return null;
    }
    return doc;
}

const isEntityCollection = (collection) => typeof collection.name === 'string' && collection.name.includes('$') && !collection.name.startsWith('$');

const stockFindOne = Loki.Collection.prototype.findOne;
Loki.Collection.prototype.findOne = function findOne(query) {
    if (query && isEntityCollection(this) && !this.cloneObjects) {
        const keys = Object.keys(query);
        if (keys.length === 2 && typeof query.PartitionKey === 'string' && typeof query.RowKey === 'string') {
            return lookup(this, query.PartitionKey, query.RowKey);
        }
    }
    return stockFindOne.call(this, query);
};

const LITERAL = "'((?:[^']|'')*)'";
const PK_FIRST = new RegExp(`^\\s*\\(?\\s*PartitionKey\\s+eq\\s+${LITERAL}\\s*\\)?\\s+and\\s+\\(?\\s*RowKey\\s+eq\\s+${LITERAL}\\s*\\)?\\s*$`);
const RK_FIRST = new RegExp(`^\\s*\\(?\\s*RowKey\\s+eq\\s+${LITERAL}\\s*\\)?\\s+and\\s+\\(?\\s*PartitionKey\\s+eq\\s+${LITERAL}\\s*\\)?\\s*$`);
const unquote = (s) => s.replace(/''/g, "'");

/** [PartitionKey, RowKey] when the filter is exactly one point, else undefined. */
function pointOf(filter) {
    if (typeof filter !== 'string') return undefined;
    let m = PK_FIRST.exec(filter);
    if (m) return [unquote(m[1]), unquote(m[2])];
    m = RK_FIRST.exec(filter);
    if (m) return [unquote(m[2]), unquote(m[1])];
    return undefined;
}

const stockQuery = LokiTableMetadataStore.prototype.queryTableEntities;
LokiTableMetadataStore.prototype.queryTableEntities = async function queryTableEntities(context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
    const point = nextPartitionKey === undefined && nextRowKey === undefined ? pointOf(queryOptions && queryOptions.filter) : undefined;
    if (point && !(queryOptions.top === 0)) {
        const collection = this.getEntityCollection(account, table, context);
        const doc = collection.cloneObjects ? stockFindOne.call(collection, { RowKey: point[1], PartitionKey: point[0] }) : lookup(collection, point[0], point[1]);
        return [doc ? [doc] : [], undefined, undefined];
    }
    return stockQuery.call(this, context, account, table, queryOptions, nextPartitionKey, nextRowKey);
};

/** For tests: which filters count as a point. */
module.exports = { pointOf };
