// The one schema for both runtimes (libSQL on Node, D1 on Workers).
// Times are integer milliseconds since the epoch (UTC); money is integer minor units.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { BusinessHours } from '../domain/business-hours';
import type { FlowGate, FlowMenu, FlowOverflow, StoredFlowState } from '../domain/call-flow';
import type { ConversionPayoutTerms } from '../domain/qualification';
import type { Touch } from '../domain/touch';

const createdAt = () => integer('created_at').notNull();

export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  twilioAuthToken: text('twilio_auth_token'),
  // Twilio's AccountSid (AC…), optional: picks the account for a call to a number no account owns.
  twilioAccountSid: text('twilio_account_sid'),
  // Retention in days (null: kept until erased): sessions with their page views and
  // visitors; callers' numbers and places on calls; recording links on calls.
  retentionSessionsDays: integer('retention_sessions_days'),
  retentionCallersDays: integer('retention_callers_days'),
  retentionRecordingsDays: integer('retention_recordings_days'),
  createdAt: createdAt(),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    role: text('role', { enum: ['admin', 'viewer', 'publisher', 'integration', 'buyer'] }).notNull(),
    publisherId: text('publisher_id').references(() => publishers.id),
    // A buyer key sees only the calls routed to its buyer's targets.
    buyerId: text('buyer_id').references(() => buyers.id),
    name: text('name'),
    // SHA-256 of the key, hex. Keys are 32 random bytes, so a fast hash is enough.
    keyHash: text('key_hash').notNull(),
    // The first characters of the key, so a person can tell keys apart in a list.
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash), index('api_keys_account_idx').on(t.accountId)],
);

export const sites = sqliteTable(
  'sites',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    publicKey: text('public_key').notNull(),
    name: text('name').notNull(),
    domains: text('domains', { mode: 'json' }).$type<string[]>().notNull(),
    country: text('country').notNull().default('US'),
    timezone: text('timezone').notNull().default('UTC'),
    // URL parameters kept on stored page URLs (null: the default marketing list, domain/url-privacy.ts).
    keepParams: text('keep_params', { mode: 'json' }).$type<string[] | null>(),
    // The call flow of every pool of the site that names none of its own.
    flowId: text('flow_id'),
    createdAt: createdAt(),
    // Set when the site is archived (DELETE): hidden from lists, the snippet gets no numbers, its calls stay.
    archivedAt: integer('archived_at'),
  },
  (t) => [uniqueIndex('sites_public_key_idx').on(t.publicKey), index('sites_account_idx').on(t.accountId)],
);

export const payoutOns = ['qualified', 'conversion'] as const;
export type PayoutOn = (typeof payoutOns)[number];

export const siteRules = sqliteTable('site_rules', {
  siteId: text('site_id').primaryKey().references(() => sites.id),
  minDurationS: integer('min_duration_s').notNull().default(60),
  dedupeDays: integer('dedupe_days').notNull().default(30),
  businessHours: text('business_hours', { mode: 'json' }).$type<BusinessHours | null>(),
  allowedRegions: text('allowed_regions', { mode: 'json' }).$type<string[] | null>(),
  blockedCallers: text('blocked_callers', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  payoutCents: integer('payout_cents').notNull().default(0),
  currency: text('currency').notNull().default('USD'),
  updatedAt: integer('updated_at').notNull(),
  // Pay on a qualified call, or only once a sale is posted for it (domain/qualification.ts).
  payoutOn: text('payout_on', { enum: payoutOns }).notNull().default('qualified'),
  // Pay-on-conversion as a share of the sale, in hundredths of a percent (1250 = 12.5 %); null pays payout_cents.
  payoutPercentBp: integer('payout_percent_bp'),
});

export const publishers = sqliteTable(
  'publishers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    // What the publisher puts in utm_source or pub=; matched case-insensitively (stored lower case).
    code: text('code').notNull(),
    // Overrides the site's payout for this publisher's qualified calls when set.
    payoutCents: integer('payout_cents'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('publishers_account_code_idx').on(t.accountId, t.code)],
);

export const pools = sqliteTable(
  'pools',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    siteId: text('site_id').notNull().references(() => sites.id),
    name: text('name').notNull(),
    // The site's business number (E.164) that this pool's numbers replace.
    replaceNumber: text('replace_number').notNull(),
    kind: text('kind', { enum: ['session', 'source'] }).notNull(),
    matchSource: text('match_source'),
    matchMedium: text('match_medium'),
    matchCampaign: text('match_campaign'),
    matchPublisher: text('match_publisher'),
    priority: integer('priority').notNull().default(0),
    leaseMinutes: integer('lease_minutes').notNull().default(30),
    // A released number rests this long before another visitor may lease it.
    restMinutes: integer('rest_minutes').notNull().default(15),
    matchWindowMinutes: integer('match_window_minutes').notNull().default(60),
    forwardTo: text('forward_to').notNull(),
    // Shown, shared, when every number is leased; null shows the business number itself.
    overflowNumber: text('overflow_number'),
    record: integer('record', { mode: 'boolean' }).notNull().default(false),
    // A call flow (IVR, buyers' targets) in place of forwarding to forward_to; else the site's flow.
    flowId: text('flow_id'),
    createdAt: createdAt(),
    // Set when the pool is archived (DELETE): never leased again, its history and calls stay.
    archivedAt: integer('archived_at'),
  },
  (t) => [index('pools_site_idx').on(t.siteId, t.priority)],
);

export const trackingNumbers = sqliteTable(
  'tracking_numbers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    poolId: text('pool_id').notNull().references(() => pools.id),
    number: text('number').notNull(),
    // 'overflow' numbers are shown to many sessions at once when the pool is exhausted.
    role: text('role', { enum: ['pool', 'overflow'] }).notNull().default('pool'),
    // Current holder: a cache of the newest lease, so leasing never scans history.
    leaseId: text('lease_id'),
    sessionId: text('session_id'),
    // When the newest lease ends; also orders free numbers, least recently used first.
    leasedUntil: integer('leased_until'),
    // Who holds the newest lease: a hash of the client's address (IPv6 /64), so that the
    // claim can cap the live leases one address holds (DNI_LIVE_LEASES_PER_CLIENT).
    holder: text('holder'),
    createdAt: createdAt(),
    // Set when the number is taken out of its pool: never leased again, but its row and lease
    // history stay, so a call to it still matches the visitor who held it.
    removedAt: integer('removed_at'),
  },
  (t) => [
    // Unique per account, not globally: one account cannot squat another's number, nor
    // learn from a conflict which numbers another account tracks.
    uniqueIndex('tracking_numbers_account_number_idx').on(t.accountId, t.number),
    index('tracking_numbers_number_idx').on(t.number),
    index('tracking_numbers_free_idx').on(t.poolId, t.role, t.leasedUntil),
    index('tracking_numbers_holder_idx').on(t.poolId, t.holder, t.leasedUntil),
  ],
);

export const leases = sqliteTable(
  'leases',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    numberId: text('number_id').notNull().references(() => trackingNumbers.id),
    poolId: text('pool_id').notNull(),
    sessionId: text('session_id').notNull(),
    kind: text('kind', { enum: ['exclusive', 'shared', 'source'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    // Moves forward with pings; the lease is over once this time has passed.
    endsAt: integer('ends_at').notNull(),
  },
  (t) => [
    index('leases_number_time_idx').on(t.numberId, t.startedAt),
    index('leases_session_idx').on(t.sessionId),
    index('leases_pool_time_idx').on(t.poolId, t.startedAt),
  ],
);

export const poolExhaustions = sqliteTable(
  'pool_exhaustions',
  {
    id: text('id').primaryKey(),
    poolId: text('pool_id').notNull(),
    sessionId: text('session_id'),
    at: integer('at').notNull(),
  },
  (t) => [index('pool_exhaustions_pool_idx').on(t.poolId, t.at)],
);

export const visitors = sqliteTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    siteId: text('site_id').notNull(),
    firstTouch: text('first_touch', { mode: 'json' }).$type<Touch>(),
    // Last non-direct touch: a later direct visit does not wipe it.
    lastTouch: text('last_touch', { mode: 'json' }).$type<Touch>(),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('visitors_site_idx').on(t.siteId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    startedAt: integer('started_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    landingPage: text('landing_page'),
    referrer: text('referrer'),
    referrerClass: text('referrer_class'),
    source: text('source').notNull(),
    medium: text('medium').notNull(),
    campaign: text('campaign'),
    keyword: text('keyword'),
    content: text('content'),
    publisherId: text('publisher_id'),
    gclid: text('gclid'),
    gbraid: text('gbraid'),
    wbraid: text('wbraid'),
    msclkid: text('msclkid'),
    fbclid: text('fbclid'),
    ttclid: text('ttclid'),
    gaClientId: text('ga_client_id'),
    fbp: text('fbp'),
    fbc: text('fbc'),
    // Affiliate sub ids (sub1…sub5, subid) and other tags, as given.
    tags: text('tags', { mode: 'json' }).$type<Record<string, string>>(),
    device: text('device'),
    browser: text('browser'),
    os: text('os'),
    isBot: integer('is_bot', { mode: 'boolean' }).notNull().default(false),
    // A direct session of a returning visitor is credited to an earlier session's touch: that session.
    inheritedFrom: text('inherited_from'),
    title: text('title'),
    // The page the session last recorded, so a ping knows without a query whether the page changed.
    lastUrl: text('last_url'),
  },
  (t) => [
    // Covers the reports (services/reports): a report is one range scan of this index,
    // never a visit to the table. It also serves every (account, time) lookup.
    index('sessions_report_idx').on(
      t.accountId,
      t.startedAt,
      t.isBot,
      t.siteId,
      t.publisherId,
      t.source,
      t.medium,
      t.campaign,
      t.keyword,
      t.device,
      t.landingPage,
    ),
    index('sessions_site_time_idx').on(t.siteId, t.startedAt),
    index('sessions_publisher_time_idx').on(t.publisherId, t.startedAt),
    index('sessions_visitor_idx').on(t.visitorId),
  ],
);

// Sessions counted per site, local day and set of report dimensions: a rollup a report
// makes the first time it reads a day that is over (services/reports/day-counts.ts). A
// session's dimensions never change and it is stored when it starts, so a past day's
// counts are final once made. `dims` names the dimensions a row is counted by (the
// others are null); `day` is the instant the site's local day starts.
export const sessionDayCounts = sqliteTable(
  'session_day_counts',
  {
    siteId: text('site_id').notNull(),
    dims: text('dims').notNull(),
    day: integer('day').notNull(),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    keyword: text('keyword'),
    publisherId: text('publisher_id'),
    landingPage: text('landing_page'),
    device: text('device'),
    sessions: integer('sessions').notNull(),
  },
  (t) => [index('session_day_counts_idx').on(t.siteId, t.dims, t.day)],
);

/** Which (site, dims, day) counts exist: made once, atomically with the counts. */
export const sessionDayCountsMade = sqliteTable(
  'session_day_counts_made',
  {
    siteId: text('site_id').notNull(),
    dims: text('dims').notNull(),
    day: integer('day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.dims, t.day] })],
);

export const pageViews = sqliteTable(
  'page_views',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull(),
    url: text('url').notNull(),
    title: text('title'),
    at: integer('at').notNull(),
  },
  (t) => [index('page_views_session_idx').on(t.sessionId, t.at)],
);

export const callStatuses = ['ringing', 'in-progress', 'completed', 'no-answer', 'busy', 'failed', 'canceled'] as const;
export type CallStatus = (typeof callStatuses)[number];
const confidences = ['exclusive', 'shared', 'late', 'source', 'none'] as const;
export type Confidence = (typeof confidences)[number];

export const calls = sqliteTable(
  'calls',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    siteId: text('site_id'),
    /** The carrier: 'twilio', 'api' (POST /v1/calls) or any other adapter's name; the call id is unique within it. */
    provider: text('provider').notNull(),
    providerId: text('provider_id').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    numberId: text('number_id'),
    poolId: text('pool_id'),
    caller: text('caller'),
    callerCity: text('caller_city'),
    callerState: text('caller_state'),
    callerZip: text('caller_zip'),
    callerCountry: text('caller_country'),
    startedAt: integer('started_at').notNull(),
    durationS: integer('duration_s'),
    status: text('status', { enum: callStatuses }).notNull(),
    recordingUrl: text('recording_url'),
    forwardTo: text('forward_to'),
    // True once the forwarded leg's outcome is known (Twilio's <Dial action>, or our own
    // <Reject>/<Hangup>): from then on the caller's leg reports no longer change status
    // and duration, because only the forwarded leg says whether the business answered.
    forwardSettled: integer('forward_settled', { mode: 'boolean' }).notNull().default(false),
    // Attribution, frozen at match time so reports never shift under later edits.
    confidence: text('confidence', { enum: confidences }).notNull(),
    leaseId: text('lease_id'),
    sessionId: text('session_id'),
    visitorId: text('visitor_id'),
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    keyword: text('keyword'),
    content: text('content'),
    publisherId: text('publisher_id'),
    landingPage: text('landing_page'),
    referrer: text('referrer'),
    gclid: text('gclid'),
    msclkid: text('msclkid'),
    fbclid: text('fbclid'),
    device: text('device'),
    browser: text('browser'),
    os: text('os'),
    // Qualification: null until the call completes and is judged.
    qualified: integer('qualified', { mode: 'boolean' }),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    duplicate: integer('duplicate', { mode: 'boolean' }).notNull().default(false),
    payoutCents: integer('payout_cents').notNull().default(0),
    currency: text('currency').notNull().default('USD'),
    judgedAt: integer('judged_at'),
    // What a sale pays, for a call judged qualified under pay-on-conversion; null pays on qualification.
    payoutTerms: text('payout_terms', { mode: 'json' }).$type<ConversionPayoutTerms | null>(),
    fraudSignals: text('fraud_signals', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    // Call flows: the flow the call runs, where it stands, the caller's menu answer, and the
    // buyer side of the money (revenue frozen when judged, like payout).
    flowId: text('flow_id'),
    flowState: text('flow_state', { mode: 'json' }).$type<StoredFlowState | null>(),
    menuAnswer: text('menu_answer'),
    buyerId: text('buyer_id'),
    targetId: text('target_id'),
    revenueCents: integer('revenue_cents').notNull().default(0),
    conversionValueCents: integer('conversion_value_cents'),
    conversionCurrency: text('conversion_currency'),
    convertedAt: integer('converted_at'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    // A carrier's call id is unique within that carrier: the same id from two carriers is two calls.
    uniqueIndex('calls_account_provider_idx').on(t.accountId, t.provider, t.providerId),
    // A Twilio request names its call (CallSid) before the account is known.
    index('calls_provider_id_idx').on(t.providerId),
    // Covers the reports' call half, as sessions_report_idx does for sessions; it also
    // serves the call log's (account, time) order.
    index('calls_report_idx').on(
      t.accountId,
      t.startedAt,
      t.siteId,
      t.publisherId,
      t.qualified,
      t.duplicate,
      t.durationS,
      t.payoutCents,
      t.convertedAt,
      t.conversionValueCents,
      t.fraudSignals,
      t.source,
      t.medium,
      t.campaign,
      t.keyword,
      t.device,
      t.landingPage,
      // The pay-per-call side: the buyer dimension and what buyers owe.
      t.buyerId,
      t.revenueCents,
    ),
    index('calls_site_caller_idx').on(t.siteId, t.caller, t.startedAt),
    index('calls_session_idx').on(t.sessionId),
    index('calls_publisher_time_idx').on(t.publisherId, t.startedAt),
  ],
);

// Visits stored as nothing but a count: bots and visits over the rate limit, per site
// and UTC day (the instant the day starts).
export const unstoredVisitCounts = sqliteTable(
  'unstored_visit_counts',
  {
    siteId: text('site_id').notNull(),
    day: integer('day').notNull(),
    bots: integer('bots').notNull().default(0),
    refused: integer('refused').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
);

// Who erased or changed what about personal data, and when (GET /v1/audit).
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    // The API key that acted; null for the retention job.
    keyId: text('key_id'),
    action: text('action').notNull(),
    // What was acted on, never the personal data itself (an erased number is not kept here).
    target: text('target'),
    // Rows changed per table, e.g. {"sessions":2,"calls":1}.
    detail: text('detail', { mode: 'json' }).$type<Record<string, number | null>>(),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_account_idx').on(t.accountId, t.at)],
);

// Fixed-window counters (rate limits) that work the same on every runtime.
export const rateCounters = sqliteTable(
  'rate_counters',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('rate_counters_window_idx').on(t.windowStart)],
);

// Twilio webhook requests already applied, by the I-Twilio-Idempotency-Token Twilio
// gives each request (kept a while, then pruned by a scheduled job).
export const twilioRequestsHandled = sqliteTable(
  'twilio_requests_handled',
  {
    accountId: text('account_id').notNull(),
    token: text('token').notNull(),
    handledAt: integer('handled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.token] }), index('twilio_requests_handled_at_idx').on(t.handledAt)],
);

// Events out (docs/integrations.md). An event is written in the same batch as the fact
// that caused it; the deliverer fans it out (services/events/fan-out.ts: one delivery
// per destination subscribed to it) and sends the deliveries (services/events/deliver.ts),
// in order per call and destination.
export const eventTypes = ['call.ringing', 'call.completed', 'call.qualified', 'call.disqualified', 'call.converted', 'payout.changed', 'test'] as const;
export type EventType = (typeof eventTypes)[number];

export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    // Insertion order: the order events of one call are delivered in.
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    accountId: text('account_id').notNull(),
    callId: text('call_id'),
    type: text('type', { enum: eventTypes }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    // When its deliveries were made; null until the deliverer fans it out.
    fannedOutAt: integer('fanned_out_at'),
  },
  (t) => [
    uniqueIndex('outbox_events_id_idx').on(t.id),
    index('outbox_events_call_idx').on(t.callId, t.seq),
    // Only the few events not yet fanned out: the deliverer's first read, kept small.
    index('outbox_events_unfanned_idx').on(t.seq).where(sql`${t.fannedOutAt} is null`),
  ],
);

// The ad platforms' kinds take conversions server to server (domain/events/ad-platforms.ts).
export const adPlatformKinds = ['google_ads', 'ga4', 'meta_capi', 'microsoft_ads'] as const;
export type AdPlatformKind = (typeof adPlatformKinds)[number];
export const destinationKinds = ['webhook', 'postback', ...adPlatformKinds] as const;
export type DestinationKind = (typeof destinationKinds)[number];

export const destinations = sqliteTable(
  'destinations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    kind: text('kind', { enum: destinationKinds }).notNull(),
    // A webhook's URL, a postback's URL template with {macros}, or an ad platform's base URL.
    url: text('url').notNull(),
    events: text('events', { mode: 'json' }).$type<EventType[]>().notNull(),
    // A webhook's signing secret (shown once, when made).
    secret: text('secret'),
    // A postback for this publisher's calls; null on a postback is the account default.
    publisherId: text('publisher_id'),
    description: text('description'),
    // An ad platform's settings (account ids, conversion action, consent; never a secret).
    settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>(),
    // An ad platform's credentials: written, used to send, never answered nor logged.
    credentials: text('credentials', { mode: 'json' }).$type<Record<string, string>>(),
    archivedAt: integer('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('destinations_account_idx').on(t.accountId, t.kind)],
);

// 'refused': not sent and never will be, with the reason in last_error (an ad platform's
// conversion without a usable click id, or one the platform turned down).
export const deliveryStatuses = ['pending', 'sent', 'failed', 'refused'] as const;

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    eventId: text('event_id').notNull(),
    destinationId: text('destination_id').notNull(),
    // Copied from the event, so order per call needs no join.
    callId: text('call_id'),
    eventSeq: integer('event_seq').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    // A runner that claimed the delivery holds it until then; past it (a crash mid-send) it is due again.
    claimedUntil: integer('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastLatencyMs: integer('last_latency_ms'),
    lastResponse: text('last_response'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('deliveries_order_idx').on(t.destinationId, t.callId, t.status, t.eventSeq),
    // One delivery per event and destination: a second fan-out of an event adds none.
    uniqueIndex('deliveries_event_idx').on(t.eventId, t.destinationId),
    index('deliveries_destination_idx').on(t.destinationId, t.createdAt),
  ],
);

/** Every attempt of a delivery, for the delivery log. */
export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id').notNull(),
    destinationId: text('destination_id').notNull(),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    response: text('response'),
    error: text('error'),
  },
  (t) => [index('delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt), index('delivery_attempts_destination_idx').on(t.destinationId, t.at)],
);

// Pay-per-call: buyers (advertisers that pay for calls), their targets (where a call is
// sent, with schedule, regions and caps) and call flows (what a caller hears and where
// the call goes). docs/call-flows.md.

export const buyers = sqliteTable(
  'buyers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
    // Archived: out of the lists, and its targets with it; its calls and revenue stay.
    archivedAt: integer('archived_at'),
  },
  (t) => [index('buyers_account_idx').on(t.accountId)],
);

export const capUnits = ['calls', 'revenue'] as const;
export const convertOns = ['duration', 'keypress', 'conversion'] as const;

export const targets = sqliteTable(
  'targets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    buyerId: text('buyer_id').notNull().references(() => buyers.id),
    name: text('name').notNull(),
    // E.164 number or a sip: URI.
    destination: text('destination').notNull(),
    // Open hours in the target's own time zone; null is always open.
    schedule: text('schedule', { mode: 'json' }).$type<BusinessHours | null>(),
    // State/province codes, area codes or ZIP codes, read as the site rules read them; null takes every caller.
    allowedRegions: text('allowed_regions', { mode: 'json' }).$type<string[] | null>(),
    // IVR menu answers this target takes; null takes any answer (or none).
    menuAnswers: text('menu_answers', { mode: 'json' }).$type<string[] | null>(),
    // Live calls at once; null is no cap.
    concurrencyCap: integer('concurrency_cap'),
    capUnit: text('cap_unit', { enum: capUnits }).notNull().default('calls'),
    hourlyCap: integer('hourly_cap'),
    dailyCap: integer('daily_cap'),
    monthlyCap: integer('monthly_cap'),
    priority: integer('priority').notNull().default(0),
    weight: integer('weight').notNull().default(1),
    convertOn: text('convert_on', { enum: convertOns }).notNull().default('duration'),
    convertMinDurationS: integer('convert_min_duration_s').notNull().default(60),
    // For convert_on 'keypress': the key the caller must have pressed in the flow.
    convertKey: text('convert_key'),
    revenueCents: integer('revenue_cents').notNull().default(0),
    createdAt: createdAt(),
    // Archived: never offered a call again, out of the lists and the live view; its calls stay.
    archivedAt: integer('archived_at'),
  },
  (t) => [index('targets_account_idx').on(t.accountId), index('targets_buyer_idx').on(t.buyerId)],
);

export const flows = sqliteTable(
  'flows',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    greeting: text('greeting'),
    recordingDisclosure: text('recording_disclosure'),
    gate: text('gate', { mode: 'json' }).$type<FlowGate | null>(),
    menu: text('menu', { mode: 'json' }).$type<FlowMenu | null>(),
    // Target ids the flow routes to; eligibility and order are decided per call.
    targetIds: text('target_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    ringTimeoutS: integer('ring_timeout_s').notNull().default(20),
    // A repeat caller goes first to the target that took their last call, if it is eligible.
    sticky: integer('sticky', { mode: 'boolean' }).notNull().default(false),
    overflow: text('overflow', { mode: 'json' }).$type<FlowOverflow>().notNull(),
    whisper: text('whisper'),
    record: integer('record', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('flows_account_idx').on(t.accountId)],
);

// One row per target a call was offered to. The row is the claim: caps count these rows,
// so a claim and the count it must respect are one INSERT … SELECT (db/routing.ts).
export const callAttempts = sqliteTable(
  'call_attempts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    callId: text('call_id').notNull(),
    // 1, 2, … in the order targets were tried; with call_id it makes a retried step a no-op.
    attempt: integer('attempt').notNull(),
    targetId: text('target_id').notNull(),
    buyerId: text('buyer_id').notNull(),
    startedAt: integer('started_at').notNull(),
    // Null while the leg is live: it counts against the concurrency cap until then.
    endedAt: integer('ended_at'),
    outcome: text('outcome', { enum: callStatuses }),
    durationS: integer('duration_s'),
    // The target's revenue per converted call at claim time, counted by revenue caps.
    revenueCents: integer('revenue_cents').notNull(),
  },
  (t) => [
    uniqueIndex('call_attempts_call_idx').on(t.callId, t.attempt),
    index('call_attempts_target_time_idx').on(t.targetId, t.startedAt),
  ],
);

// Every step of a call's flow, in order, for its detail page.
export const callSteps = sqliteTable(
  'call_steps',
  {
    id: text('id').primaryKey(),
    callId: text('call_id').notNull(),
    at: integer('at').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('call_steps_call_idx').on(t.callId, t.at)],
);
