/**
 * V8 flags production starts the bot with (infra/azure appCommandLine; a unit test keeps them equal).
 *
 * Without a cap V8 sizes the heap from the machine's memory and lets garbage pile up before it collects:
 * under load even an echo bot grew to ~380 MiB, while the bot's live heap stays under ~100 MiB. A cap of
 * 192 MiB keeps the process near 225 MiB under `npm run bench` with no measurable loss of throughput,
 * and leaves room on the smallest App Service plan. The benchmarks run both servers with these flags,
 * so what they measure is what runs in Azure.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-old-space-size=192'];
