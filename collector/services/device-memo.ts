// Parsing a User-Agent runs ua-parser's regular expressions: 30–70 µs, a tenth or more
// of a new session's JavaScript. Visitors send few distinct strings (browsers freeze
// most of theirs), so the answers for recent ones are kept, per process or isolate.
import { describeDevice, type DeviceInfo } from '../domain/device';

const KEEP = 500;
// Longer strings are rare and would loosen the memory bound: those are parsed every time.
const MAX_LENGTH = 512;
const known = new Map<string, Readonly<DeviceInfo>>();

/** `describeDevice`, remembered for the last KEEP User-Agents seen. */
export function deviceOf(userAgent: string | undefined): Readonly<DeviceInfo> {
  const key = userAgent ?? '';
  const hit = known.get(key);
  if (hit) return hit;
  const info = describeDevice(userAgent);
  if (key.length <= MAX_LENGTH) {
    if (known.size >= KEEP) known.delete(known.keys().next().value!);
    known.set(key, info);
  }
  return info;
}
