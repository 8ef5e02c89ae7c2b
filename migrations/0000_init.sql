CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`twilio_auth_token` text,
	`twilio_account_sid` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`role` text NOT NULL,
	`publisher_id` text,
	`name` text,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`publisher_id`) REFERENCES `publishers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_idx` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_account_idx` ON `api_keys` (`account_id`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`site_id` text,
	`provider` text NOT NULL,
	`provider_id` text NOT NULL,
	`tracking_number` text NOT NULL,
	`number_id` text,
	`pool_id` text,
	`caller` text,
	`caller_city` text,
	`caller_state` text,
	`caller_zip` text,
	`caller_country` text,
	`started_at` integer NOT NULL,
	`duration_s` integer,
	`status` text NOT NULL,
	`recording_url` text,
	`forward_to` text,
	`forward_settled` integer DEFAULT false NOT NULL,
	`confidence` text NOT NULL,
	`lease_id` text,
	`session_id` text,
	`visitor_id` text,
	`source` text,
	`medium` text,
	`campaign` text,
	`keyword` text,
	`content` text,
	`publisher_id` text,
	`landing_page` text,
	`referrer` text,
	`gclid` text,
	`msclkid` text,
	`fbclid` text,
	`device` text,
	`browser` text,
	`os` text,
	`qualified` integer,
	`reasons` text DEFAULT '[]' NOT NULL,
	`duplicate` integer DEFAULT false NOT NULL,
	`payout_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`judged_at` integer,
	`fraud_signals` text DEFAULT '[]' NOT NULL,
	`conversion_value_cents` integer,
	`conversion_currency` text,
	`converted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calls_provider_idx` ON `calls` (`account_id`,`provider_id`);--> statement-breakpoint
CREATE INDEX `calls_provider_id_idx` ON `calls` (`provider_id`);--> statement-breakpoint
CREATE INDEX `calls_report_idx` ON `calls` (`account_id`,`started_at`,`site_id`,`publisher_id`,`qualified`,`duplicate`,`duration_s`,`payout_cents`,`converted_at`,`conversion_value_cents`,`fraud_signals`,`source`,`medium`,`campaign`,`keyword`,`device`,`landing_page`);--> statement-breakpoint
CREATE INDEX `calls_site_caller_idx` ON `calls` (`site_id`,`caller`,`started_at`);--> statement-breakpoint
CREATE INDEX `calls_session_idx` ON `calls` (`session_id`);--> statement-breakpoint
CREATE INDEX `calls_publisher_time_idx` ON `calls` (`publisher_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`number_id` text NOT NULL,
	`pool_id` text NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`started_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`number_id`) REFERENCES `tracking_numbers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leases_number_time_idx` ON `leases` (`number_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `leases_session_idx` ON `leases` (`session_id`);--> statement-breakpoint
CREATE INDEX `leases_pool_time_idx` ON `leases` (`pool_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `page_views` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`url` text NOT NULL,
	`title` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `page_views_session_idx` ON `page_views` (`session_id`,`at`);--> statement-breakpoint
CREATE TABLE `pool_exhaustions` (
	`id` text PRIMARY KEY NOT NULL,
	`pool_id` text NOT NULL,
	`session_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pool_exhaustions_pool_idx` ON `pool_exhaustions` (`pool_id`,`at`);--> statement-breakpoint
CREATE TABLE `pools` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`replace_number` text NOT NULL,
	`kind` text NOT NULL,
	`match_source` text,
	`match_medium` text,
	`match_campaign` text,
	`match_publisher` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`lease_minutes` integer DEFAULT 30 NOT NULL,
	`rest_minutes` integer DEFAULT 15 NOT NULL,
	`match_window_minutes` integer DEFAULT 60 NOT NULL,
	`forward_to` text NOT NULL,
	`overflow_number` text,
	`record` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pools_site_idx` ON `pools` (`site_id`,`priority`);--> statement-breakpoint
CREATE TABLE `publishers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`payout_cents` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `publishers_account_code_idx` ON `publishers` (`account_id`,`code`);--> statement-breakpoint
CREATE TABLE `rate_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_counters_window_idx` ON `rate_counters` (`window_start`);--> statement-breakpoint
CREATE TABLE `session_day_counts` (
	`site_id` text NOT NULL,
	`dims` text NOT NULL,
	`day` integer NOT NULL,
	`source` text,
	`medium` text,
	`campaign` text,
	`keyword` text,
	`publisher_id` text,
	`landing_page` text,
	`device` text,
	`sessions` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_day_counts_idx` ON `session_day_counts` (`site_id`,`dims`,`day`);--> statement-breakpoint
CREATE TABLE `session_day_counts_made` (
	`site_id` text NOT NULL,
	`dims` text NOT NULL,
	`day` integer NOT NULL,
	PRIMARY KEY(`site_id`, `dims`, `day`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`landing_page` text,
	`referrer` text,
	`referrer_class` text,
	`source` text NOT NULL,
	`medium` text NOT NULL,
	`campaign` text,
	`keyword` text,
	`content` text,
	`publisher_id` text,
	`gclid` text,
	`gbraid` text,
	`wbraid` text,
	`msclkid` text,
	`fbclid` text,
	`ttclid` text,
	`tags` text,
	`device` text,
	`browser` text,
	`os` text,
	`is_bot` integer DEFAULT false NOT NULL,
	`inherited_from` text,
	`title` text,
	`last_url` text
);
--> statement-breakpoint
CREATE INDEX `sessions_report_idx` ON `sessions` (`account_id`,`started_at`,`is_bot`,`site_id`,`publisher_id`,`source`,`medium`,`campaign`,`keyword`,`device`,`landing_page`);--> statement-breakpoint
CREATE INDEX `sessions_site_time_idx` ON `sessions` (`site_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_publisher_time_idx` ON `sessions` (`publisher_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `sessions_visitor_idx` ON `sessions` (`visitor_id`);--> statement-breakpoint
CREATE TABLE `site_rules` (
	`site_id` text PRIMARY KEY NOT NULL,
	`min_duration_s` integer DEFAULT 60 NOT NULL,
	`dedupe_days` integer DEFAULT 30 NOT NULL,
	`business_hours` text,
	`allowed_regions` text,
	`blocked_callers` text DEFAULT '[]' NOT NULL,
	`payout_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`public_key` text NOT NULL,
	`name` text NOT NULL,
	`domains` text NOT NULL,
	`country` text DEFAULT 'US' NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_public_key_idx` ON `sites` (`public_key`);--> statement-breakpoint
CREATE INDEX `sites_account_idx` ON `sites` (`account_id`);--> statement-breakpoint
CREATE TABLE `tracking_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`pool_id` text NOT NULL,
	`number` text NOT NULL,
	`role` text DEFAULT 'pool' NOT NULL,
	`lease_id` text,
	`session_id` text,
	`leased_until` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pool_id`) REFERENCES `pools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tracking_numbers_number_idx` ON `tracking_numbers` (`number`);--> statement-breakpoint
CREATE INDEX `tracking_numbers_free_idx` ON `tracking_numbers` (`pool_id`,`role`,`leased_until`);--> statement-breakpoint
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`site_id` text NOT NULL,
	`first_touch` text,
	`last_touch` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visitors_site_idx` ON `visitors` (`site_id`);