import type * as AdaptiveCardsApi from 'adaptivecards';

/**
 * The `adaptivecards` library for Node: its lib/ is ES modules with bare imports and does not load from
 * CommonJS, the UMD bundle in dist/ does (platform notes). Types come from lib/.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const AdaptiveCards = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsApi;
