/**
 * restify 11 (kept for Node 20 support) calls process.binding('http_parser') through spdy when it
 * loads, which prints DEP0111 twice on every start. It is harmless and known; hiding exactly that one
 * code keeps real warnings visible. Import this before anything that loads restify.
 */
const emitWarning = process.emitWarning.bind(process);

process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code = typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : rest[1];
    if (code === 'DEP0111') return;
    (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
