/*
 * Telling a pull that failed because the registry cannot be reached (no network, no DNS, a proxy in the way) from
 * one the registry refused. Patterns follow what the engines print; for example Docker Engine 20.10 offline:
 *   Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com on 10.255.255.53:53: no such host
 * and Go's net/http and net errors behind it ("server misbehaving", "i/o timeout", "network is unreachable",
 * "TLS handshake timeout", "Client.Timeout exceeded"); Podman adds "pinging container registry ..." and glibc's
 * "Temporary failure in name resolution".
 */
const unreachable =
  /\bdial tcp\b|\bno such host\b|server misbehaving|Temporary failure in name resolution|network is unreachable|\bi\/o timeout\b|TLS handshake timeout|Client\.Timeout exceeded|pinging container registry/i;

/** True when a pull's error says the registry could not be reached at all (rather than refusing the image). */
export function isRegistryUnreachable(message: string): boolean {
  return unreachable.test(message);
}
