import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for the whole process.
 *
 * A gateway process holds each request for a network round trip. One burst of concurrent
 * requests (a client reconnect storm, a stall upstream) keeps hundreds of them alive across
 * a scavenge; V8 then marks their allocation sites "pretenured" and allocates those objects
 * in old space from then on. Their young children, referenced from old objects that are
 * already dead, survive every later scavenge and are promoted, which keeps the sites
 * pretenured: the state never ends. Measured on ingress after one burst of 650 requests at
 * 1,000 req/s: 18–23 % of each scavenge survived and scavenges took 15–25 ms for the rest
 * of the run; with pretenuring off, 0.8 % and 1.8 ms (bench/README.md).
 *
 * The flag is read when the collector processes pretenuring feedback, so setting it once
 * the process runs is enough.
 */
export function disablePretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
