// What a buyer owes for a call, by its target's convert-on rule. Pure: the caller passes
// the connected leg's outcome, the keys pressed in the flow and whether a conversion was
// posted for the call.

export type ConvertRule =
  | { convertOn: 'duration'; convertMinDurationS: number; revenueCents: number }
  | { convertOn: 'keypress'; convertKey: string | null; revenueCents: number }
  | { convertOn: 'conversion'; revenueCents: number };

export type ConnectedLeg = { answered: boolean; durationS: number | null; keys: readonly string[]; conversionPosted: boolean };

/** True when the call converted for the buyer. Nothing converts unless the target answered. */
export function converted(rule: ConvertRule, leg: ConnectedLeg): boolean {
  if (!leg.answered) return false;
  switch (rule.convertOn) {
    case 'duration':
      return (leg.durationS ?? 0) >= rule.convertMinDurationS;
    case 'keypress':
      return rule.convertKey !== null && leg.keys.includes(rule.convertKey);
    case 'conversion':
      return leg.conversionPosted;
  }
}

/** The revenue frozen on the call when it is judged. */
export const revenueOf = (rule: ConvertRule, leg: ConnectedLeg): number => (converted(rule, leg) ? rule.revenueCents : 0);
