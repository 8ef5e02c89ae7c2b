import type { BuyerMetrics, PublisherMetrics } from '../../../collector/domain/role-views';
import type { ReportMetrics } from '../../../collector/domain/report-math';
import type { Role } from '../../../collector/http/context';
// The API's shapes as the dashboard reads them (docs/api.md has the contract).

export type { Role };

export type Me = {
  role: Role;
  /** `currency` is the one every report amount of the account is in (ISO 4217). */
  account: { id: string; name: string; currency?: string } | null;
  key: { id: string; name: string | null; prefix: string | null } | null;
  publisher: { id: string; name: string; code: string } | null;
  /** The buyer a buyer key reads for; absent from a collector before buyer keys. */
  buyer?: Pick<Buyer, 'id' | 'name'> | null;
};


export type Site = {
  id: string;
  name: string;
  public_key: string;
  domains: string[];
  country: string;
  timezone: string;
  script_tag: string;
  last_seen_at: string | null;
  created_at: string;
  archived_at?: string | null;
  /** The flow calls to the site's pools run, unless a pool names its own (admin and viewer keys). */
  flow?: string | null;
};

export type Confidence = 'exclusive' | 'shared' | 'late' | 'source' | 'none';

export type Attribution = {
  confidence: Confidence;
  session: string | null;
  visitor: string | null;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  keyword: string | null;
  content: string | null;
  publisher: string | null;
  landing_page: string | null;
  referrer: string | null;
  gclid: string | null;
  msclkid: string | null;
  fbclid: string | null;
  device: string | null;
  browser: string | null;
  os: string | null;
};

export type Call = {
  id: string;
  provider_id: string;
  site: string | null;
  /** null for a publisher: which pool number rang is the advertiser's business. */
  tracking_number: string | null;
  caller: string | null;
  caller_city: string | null;
  caller_state: string | null;
  started_at: string;
  duration_s: number | null;
  status: string;
  qualified: boolean;
  reasons: string[];
  duplicate: boolean;
  /** null for a buyer: what the publisher earns is between the network and the publisher. */
  payout_cents: number | null;
  /** What the buyer that took the call owes for it; null for a publisher. */
  revenue_cents?: number | null;
  /** The buyer's id; null when no buyer took the call, or for a publisher. */
  buyer?: string | null;
  /** When the call was judged; null while it rings or is in progress. */
  judged_at: string | null;
  currency: string;
  recording_url: string | null;
  fraud_signals: string[];
  conversion: { value_cents: number | null; currency: string | null; at: string | null } | null;
  attribution: Attribution;
};

export type JourneyStep = { url: string; title: string | null; at: string };
/** Where one of a call's events went; null for a publisher key. */
export type CallDelivery = {
  id: string;
  destination: string;
  kind: DestinationKind;
  event: string;
  status: DeliveryStatus;
  detail: string | null;
  attempts: number;
  last_attempt_at: string | null;
};

export type CallDetail = Call & { journey: JourneyStep[]; deliveries: CallDelivery[] | null };

export const dimensions = ['source', 'medium', 'campaign', 'keyword', 'publisher', 'landing_page', 'device', 'buyer'] as const;
export type Dimension = (typeof dimensions)[number];
export const dimensionLabel: Record<Dimension, string> = {
  source: 'Source',
  medium: 'Medium',
  campaign: 'Campaign',
  keyword: 'Keyword',
  publisher: 'Publisher',
  landing_page: 'Landing page',
  device: 'Device',
  buyer: 'Buyer',
};

// The collector's own report types: one definition for both ends. A publisher key gets
// the advertiser's and buyers' money as null, a buyer key the publishers' payouts and margin.
export type Metrics = ReportMetrics | PublisherMetrics | BuyerMetrics;

export type ReportRow = Partial<Record<Dimension, string | null>> & Metrics;
export type AttributionReport = { group_by: Dimension[]; timezone: string; rows: ReportRow[]; totals: Metrics; truncated: boolean };

export type Point = {
  t: string;
  sessions: number;
  calls: number;
  qualified_calls: number;
  buyer_revenue_cents: number | null;
  cost_cents: number | null;
  margin_cents: number | null;
};
export type Timeseries = { interval: 'hour' | 'day'; timezone: string; points: Point[] };

export type PoolReport = {
  id: string;
  name: string;
  site: string;
  kind: 'session' | 'source';
  replace: string;
  size: number;
  leased_now: number;
  peak_leases: number;
  exhaustions: number;
  /** Null until the pool has seen traffic: there is nothing to size it by yet. */
  recommended_size: number | null;
};

export type PoolMatch = { source: string | null; medium: string | null; campaign: string | null; publisher: string | null };

export type Pool = {
  id: string;
  site: string;
  name: string;
  replace: string;
  kind: 'session' | 'source';
  numbers: string[];
  match: PoolMatch;
  priority: number;
  lease_minutes: number;
  rest_minutes: number;
  match_window_minutes: number;
  forward_to: string;
  overflow_number: string | null;
  record: boolean;
  /** The flow calls to its numbers run; null: its site's, else forwarded to forward_to. */
  flow: string | null;
  archived_at: string | null;
};

export type Publisher = { id: string; name: string; code: string; payout_cents: number | null };

export type ApiKey = { id: string; role: Role; publisher: string | null; buyer?: string | null; name: string | null; prefix: string | null; created_at: string; revoked: boolean };

export type BusinessHours = { timezone: string } & Partial<Record<Weekday, [string, string] | null>>;
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export type Rules = {
  site: string;
  min_duration_s: number;
  dedupe_days: number;
  business_hours: BusinessHours | null;
  allowed_regions: string[] | null;
  blocked_callers: string[];
  payout_cents: number;
  currency: string;
  /** When a qualified call pays: at once, or when a sale is posted for it (docs/qualification.md). */
  payout_on: 'qualified' | 'conversion';
  /** With payout_on "conversion": a share of the sale's value instead of payout_cents. */
  payout_percent: number | null;
  updated_at: string;
};

export type FraudRow = { publisher?: string | null; source?: string | null; calls: number; flagged_calls: number; signals: Record<string, number> };

/** GET/PUT /v1/settings/retention: days each kind of personal data is kept; null keeps it until erased. */
export type Retention = { sessions_days: number | null; caller_numbers_days: number | null; recording_links_days: number | null };
export type Webhook = { id: string; kind: 'webhook'; url: string; events: string[]; description: string | null; created_at: string };
/** A publisher postback: a URL template; `publisher` null is the account default. */
export type Postback = { id: string; kind: 'postback'; url: string; events: string[]; description: string | null; publisher: string | null; created_at: string };
/** The call events a webhook or postback may subscribe to. */
export const eventTypes = ['call.ringing', 'call.completed', 'call.qualified', 'call.disqualified', 'payout.changed', 'call.converted'] as const;

export const adPlatformKinds = ['google_ads', 'ga4', 'meta_capi', 'microsoft_ads'] as const;
export type AdPlatformKind = (typeof adPlatformKinds)[number];
export type DestinationKind = 'webhook' | 'postback' | AdPlatformKind;
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'refused';

/** An ad platform destination: credentials come back masked (their last 4 characters at most). */
export type AdPlatformDestination = {
  id: string;
  kind: AdPlatformKind;
  base_url: string;
  events: string[];
  settings: Record<string, string | boolean | null>;
  credentials: Record<string, string>;
  description: string | null;
  created_at: string;
};

export type Delivery = {
  id: string;
  event: string;
  type: string;
  call: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  created_at: string;
};

// Pay-per-call (docs/call-flows.md): buyers (advertisers) pay for the calls routed to
// them, targets are where calls ring, flows decide what a caller hears and which targets
// a call may go to.
export type Buyer = { id: string; name: string; created_at: string; archived_at: string | null };

export type CapUnit = 'calls' | 'revenue';
export type ConvertOn = 'duration' | 'keypress' | 'conversion';

export type Target = {
  id: string;
  buyer: string;
  name: string;
  destination: string;
  schedule: BusinessHours | null;
  allowed_regions: string[] | null;
  menu_answers: string[] | null;
  concurrency_cap: number | null;
  cap_unit: CapUnit;
  hourly_cap: number | null;
  daily_cap: number | null;
  monthly_cap: number | null;
  priority: number;
  weight: number;
  convert_on: ConvertOn;
  convert_min_duration_s: number;
  convert_key: string | null;
  revenue_cents: number;
  created_at: string;
  archived_at: string | null;
};

export type FlowGate = { prompt: string; digit: string; timeout_s: number; retries: number; no_input: 'hangup' | 'route' };
export type FlowMenu = { prompt: string; options: Record<string, string>; timeout_s: number; retries: number };
export type FlowOverflow = { kind: 'hangup'; message: string | null } | { kind: 'number'; number: string } | { kind: 'voicemail'; prompt: string };

export type Flow = {
  id: string;
  name: string;
  greeting: string | null;
  recording_disclosure: string | null;
  gate: FlowGate | null;
  menu: FlowMenu | null;
  targets: string[];
  ring_timeout_s: number;
  sticky: boolean;
  overflow: FlowOverflow;
  whisper: string | null;
  record: boolean;
  created_at: string;
};

/** GET /v1/targets/live: calls in progress and this hour's, day's and month's use (calls or revenue cents) against the caps. */
export type TargetLive = {
  id: string;
  name: string;
  buyer: string;
  cap_unit: CapUnit;
  live: number;
  concurrency_cap: number | null;
  hour: number;
  hourly_cap: number | null;
  day: number;
  daily_cap: number | null;
  month: number;
  monthly_cap: number | null;
};
