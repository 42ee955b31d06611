import { enableCompileCache } from './compileCache';

/** Imported first by main.ts, so that every module after it is compiled through the cache (bot/compileCache.ts). */
enableCompileCache();
