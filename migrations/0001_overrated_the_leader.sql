CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`key_id` text,
	`action` text NOT NULL,
	`target` text,
	`detail` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_account_idx` ON `audit_log` (`account_id`,`at`);--> statement-breakpoint
CREATE TABLE `buyers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `buyers_account_idx` ON `buyers` (`account_id`);--> statement-breakpoint
CREATE TABLE `call_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`call_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`target_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`outcome` text,
	`duration_s` integer,
	`revenue_cents` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_attempts_call_idx` ON `call_attempts` (`call_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `call_attempts_target_time_idx` ON `call_attempts` (`target_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `call_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`call_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `call_steps_call_idx` ON `call_steps` (`call_id`,`at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`destination_id` text NOT NULL,
	`call_id` text,
	`event_seq` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_until` integer,
	`last_status_code` integer,
	`last_latency_ms` integer,
	`last_response` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_order_idx` ON `deliveries` (`destination_id`,`call_id`,`status`,`event_seq`);--> statement-breakpoint
CREATE INDEX `deliveries_event_idx` ON `deliveries` (`event_id`);--> statement-breakpoint
CREATE INDEX `deliveries_destination_idx` ON `deliveries` (`destination_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`destination_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`status_code` integer,
	`latency_ms` integer NOT NULL,
	`response` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery_idx` ON `delivery_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_destination_idx` ON `delivery_attempts` (`destination_id`,`at`);--> statement-breakpoint
CREATE TABLE `destinations` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret` text,
	`publisher_id` text,
	`description` text,
	`settings` text,
	`credentials` text,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `destinations_account_idx` ON `destinations` (`account_id`,`kind`);--> statement-breakpoint
CREATE TABLE `flows` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`greeting` text,
	`recording_disclosure` text,
	`gate` text,
	`menu` text,
	`target_ids` text DEFAULT '[]' NOT NULL,
	`ring_timeout_s` integer DEFAULT 20 NOT NULL,
	`sticky` integer DEFAULT false NOT NULL,
	`overflow` text NOT NULL,
	`whisper` text,
	`record` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `flows_account_idx` ON `flows` (`account_id`);--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`account_id` text NOT NULL,
	`call_id` text,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_events_id_idx` ON `outbox_events` (`id`);--> statement-breakpoint
CREATE INDEX `outbox_events_call_idx` ON `outbox_events` (`call_id`,`seq`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`buyer_id` text NOT NULL,
	`name` text NOT NULL,
	`destination` text NOT NULL,
	`schedule` text,
	`allowed_regions` text,
	`menu_answers` text,
	`concurrency_cap` integer,
	`cap_unit` text DEFAULT 'calls' NOT NULL,
	`hourly_cap` integer,
	`daily_cap` integer,
	`monthly_cap` integer,
	`priority` integer DEFAULT 0 NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL,
	`convert_on` text DEFAULT 'duration' NOT NULL,
	`convert_min_duration_s` integer DEFAULT 60 NOT NULL,
	`convert_key` text,
	`revenue_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `targets_account_idx` ON `targets` (`account_id`);--> statement-breakpoint
CREATE INDEX `targets_buyer_idx` ON `targets` (`buyer_id`);--> statement-breakpoint
CREATE TABLE `twilio_requests_handled` (
	`account_id` text NOT NULL,
	`token` text NOT NULL,
	`handled_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `token`)
);
--> statement-breakpoint
CREATE INDEX `twilio_requests_handled_at_idx` ON `twilio_requests_handled` (`handled_at`);--> statement-breakpoint
CREATE TABLE `unstored_visit_counts` (
	`site_id` text NOT NULL,
	`day` integer NOT NULL,
	`bots` integer DEFAULT 0 NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
);
--> statement-breakpoint
DROP INDEX `calls_provider_idx`;--> statement-breakpoint
DROP INDEX `calls_report_idx`;--> statement-breakpoint
ALTER TABLE `calls` ADD `payout_terms` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `flow_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `flow_state` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `menu_answer` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `buyer_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `target_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `revenue_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `calls_account_provider_idx` ON `calls` (`account_id`,`provider`,`provider_id`);--> statement-breakpoint
CREATE INDEX `calls_report_idx` ON `calls` (`account_id`,`started_at`,`site_id`,`publisher_id`,`qualified`,`duplicate`,`duration_s`,`payout_cents`,`converted_at`,`conversion_value_cents`,`fraud_signals`,`source`,`medium`,`campaign`,`keyword`,`device`,`landing_page`,`buyer_id`,`revenue_cents`);--> statement-breakpoint
DROP INDEX `tracking_numbers_number_idx`;--> statement-breakpoint
ALTER TABLE `tracking_numbers` ADD `holder` text;--> statement-breakpoint
ALTER TABLE `tracking_numbers` ADD `removed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tracking_numbers_account_number_idx` ON `tracking_numbers` (`account_id`,`number`);--> statement-breakpoint
CREATE INDEX `tracking_numbers_holder_idx` ON `tracking_numbers` (`pool_id`,`holder`,`leased_until`);--> statement-breakpoint
CREATE INDEX `tracking_numbers_number_idx` ON `tracking_numbers` (`number`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_sessions_days` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_callers_days` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_recordings_days` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `buyer_id` text REFERENCES buyers(id);--> statement-breakpoint
ALTER TABLE `pools` ADD `flow_id` text;--> statement-breakpoint
ALTER TABLE `pools` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `ga_client_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbp` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbc` text;--> statement-breakpoint
ALTER TABLE `site_rules` ADD `payout_on` text DEFAULT 'qualified' NOT NULL;--> statement-breakpoint
ALTER TABLE `site_rules` ADD `payout_percent_bp` integer;--> statement-breakpoint
ALTER TABLE `sites` ADD `keep_params` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `flow_id` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `archived_at` integer;