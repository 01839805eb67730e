import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. A subscriber chooses the URL, so without these rules any client could
 * make the API call into the practice's own network (SSRF): only HTTPS, and only hosts whose
 * every address is public unicast — not private, loopback, link-local, CGNAT, multicast,
 * unspecified or otherwise reserved, in IPv4 or IPv6 (IPv4-mapped IPv6 judged as IPv4).
 * The rules are checked when a subscription is created and again on every delivery, on the
 * very address connected to, so a name that later resolves elsewhere (DNS rebinding) is caught.
 */
export interface DestinationPolicy {
  /** Development and test only: allow http:// and private addresses (a receiver on 127.0.0.1). */
  allowPrivate: boolean;
  /** Resolves a host name to every address; `dns.promises.lookup` unless a test supplies one. */
  resolve?: ResolveAll;
}

export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type DestinationCheck = { ok: true; url: URL } | { ok: false; reason: string };

export const resolveWithDns: ResolveAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Is this address one a webhook may be sent to from the public internet's point of view? */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  return ip.range() === 'unicast';
}

/** The host of a URL as DNS and `net` want it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Checks the shape of a URL (scheme, no credentials) without resolving it. */
export function checkUrlShape(raw: string, allowPrivate: boolean): DestinationCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, reason: 'must use https://' };
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'must not carry a user name or password' };
  }
  if (!url.hostname) return { ok: false, reason: 'must name a host' };
  return { ok: true, url };
}

/** The full check: shape, then every address the host resolves to. */
export async function checkDestination(raw: string, policy: DestinationPolicy): Promise<DestinationCheck> {
  const shape = checkUrlShape(raw, policy.allowPrivate);
  if (!shape.ok || policy.allowPrivate) return shape;
  const host = hostOf(shape.url);
  let addresses: { address: string }[];
  try {
    addresses = isIP(host) ? [{ address: host }] : await (policy.resolve ?? resolveWithDns)(host);
  } catch {
    return { ok: false, reason: 'names a host that does not resolve' };
  }
  if (addresses.length === 0) return { ok: false, reason: 'names a host that does not resolve' };
  const refused = addresses.find((a) => !isPublicAddress(a.address));
  if (refused) {
    return { ok: false, reason: `must not point at a private, loopback or reserved address (${refused.address})` };
  }
  return shape;
}

/**
 * A `lookup` for `http.request` that refuses to connect to any address the rules forbid. Node
 * calls it for host names (not IP literals, which `checkDestination` has already judged) at the
 * moment it connects, so the address checked is the address used.
 */
export function guardedLookup(policy: DestinationPolicy): LookupFunction {
  const resolve = policy.resolve ?? resolveWithDns;
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
        if (addresses.length === 0)
          throw Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
        const refused = policy.allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
        if (refused) {
          throw Object.assign(new Error(`${hostname} resolves to a refused address (${refused.address})`), {
            code: 'EADDRREFUSED',
          });
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
