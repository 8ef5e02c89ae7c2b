// Who holds a lease, as the client cap counts it (DNI_LIVE_LEASES_PER_CLIENT).
import { sha256Hex } from '../crypto';
import type { ClientCap } from '../db/leasing';
import { clientNetwork } from '../domain/client-network';

/**
 * The client's address network (IPv6 by /64), hashed: the cap only needs to tell
 * holders apart, so tracking_numbers keeps no address. Null (no cap) when `cap` is 0 or
 * the runtime cannot tell the address: one shared holder would cap every visitor at once.
 */
export async function leaseHolder(clientIp: string | undefined, cap: number): Promise<ClientCap | null> {
  if (cap <= 0 || !clientIp) return null;
  return { holder: (await sha256Hex(`lease-holder:${clientNetwork(clientIp)}`)).slice(0, 16), cap };
}
