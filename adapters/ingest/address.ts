/**
 * Which addresses the bot may fetch from: public unicast ones only. A private, loopback,
 * link-local, carrier-grade NAT, multicast or reserved address, or a cloud metadata service
 * (`data/blocked-addresses.txt`), reaches the bot's own network instead of the web.
 */
import ipaddr from 'ipaddr.js';
import { readList } from '../../src/data.js';

const BLOCKED = readList('blocked-addresses.txt').map((cidr) => ipaddr.parseCIDR(cidr));

/** Names for the ranges a person reads in a refusal. */
const RANGE_NAMES: Record<string, string> = {
  private: 'a private address',
  uniqueLocal: 'a private address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
};

/**
 * Why an address must not be fetched from ("a loopback address"), or null for a public one.
 * An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
 * @example addressProblem('127.0.0.1') // 'a loopback address'
 */
export function addressProblem(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return 'not an address';
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  for (const [range, bits] of BLOCKED) {
    if (range.kind() === parsed.kind() && parsed.match(range, bits)) return 'a cloud metadata address';
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_NAMES[range] ?? `a reserved address (${range})`;
}
