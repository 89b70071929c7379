/**
 * Whether this machine has an IPv6 loopback (::1) to listen on. Tests that need one skip only when
 * it is missing; any other failure to listen is a real error and is thrown.
 */
import { createServer } from 'node:net';

/** Errors that mean "no ::1 here" (IPv6 switched off, or a kernel without it). */
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      NO_IPV6.has(error.code ?? '') ? resolve(false) : reject(error),
    );
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}
