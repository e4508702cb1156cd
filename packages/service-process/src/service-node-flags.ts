/**
 * Node flags every Alfred service is started with: by `npm start`, the benchmark and the
 * tests (the services' package.json `start` scripts repeat them).
 *
 * `--max-semi-space-size=8` (MB): V8 sizes the young generation from the machine's memory,
 * and on a large machine lets each semi-space grow to 64 MB. A gateway process allocates
 * ~33 KB per request, so at 1,000 req/s a scavenge came once a second and had 2–7 MB of
 * survivors to copy: 8–15 ms pauses on 2 cores, straight into the p99. With 8 MB it
 * scavenges ~8 times as often, each pause ~1.5 ms, and CPU per request did not rise
 * (bench/README.md). Fixed rather than derived, it also behaves the same in a small pod.
 * A service started with other flags works the same, only with longer pauses.
 */
export const serviceNodeFlags: readonly string[] = ['--max-semi-space-size=8'];
