CREATE TABLE `buyers` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
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
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `targets_account_idx` ON `targets` (`account_id`);--> statement-breakpoint
CREATE INDEX `targets_buyer_idx` ON `targets` (`buyer_id`);--> statement-breakpoint
DROP INDEX `calls_provider_idx`;--> statement-breakpoint
ALTER TABLE `calls` ADD `flow_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `flow_state` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `menu_answer` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `buyer_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `target_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `revenue_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `calls_account_provider_idx` ON `calls` (`account_id`,`provider`,`provider_id`);--> statement-breakpoint
ALTER TABLE `pools` ADD `flow_id` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `flow_id` text;