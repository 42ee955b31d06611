import { stopTestAzurite } from './testAzurite';

/** Root hooks: shared test services are stopped once, after every test file has run. */
export const mochaHooks = {
    async afterAll(this: Mocha.Context) {
        this.timeout(15000);
        await stopTestAzurite();
    },
};
