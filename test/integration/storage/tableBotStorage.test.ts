import { TableBotStorage } from '../../../bot/storage/tableBotStorage';
import { freshTables } from '../../support/testAzurite';
import { storageContract } from './storageContract';

storageContract('TableBotStorage on Azurite', async () => {
    const { factory } = await freshTables('state');
    return new TableBotStorage(factory);
});
