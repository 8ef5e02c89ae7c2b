// Twilio's signature runs each parameter's name into its value ("DialCallDuration" + "95"),
// so the same signature also covers "DialCallDuration9" + "5": a replayed request can move
// the boundary and change what a parameter we read says. Twilio never sends a name that
// extends, or is cut from, a name we read, apart from the documented ones below.

/** Documented Twilio parameters that start with a name the collector reads ("To"). */
const DOCUMENTED_EXTENSIONS = new Set(['ToCity', 'ToState', 'ToZip', 'ToCountry']);

/**
 * The first parameter name that could be a moved boundary: not one we read, not a
 * documented Twilio name, and a strict extension or strict prefix of a name we read.
 */
export function shiftedParameterName(names: Iterable<string>, read: ReadonlySet<string>): { name: string; of: string } | undefined {
  for (const name of names) {
    if (read.has(name) || DOCUMENTED_EXTENSIONS.has(name)) continue;
    for (const known of read) {
      if (name.startsWith(known) || known.startsWith(name)) return { name, of: known };
    }
  }
  return undefined;
}
