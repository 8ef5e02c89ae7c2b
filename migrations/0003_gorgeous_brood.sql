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
CREATE TABLE `unstored_visit_counts` (
	`site_id` text NOT NULL,
	`day` integer NOT NULL,
	`bots` integer DEFAULT 0 NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_sessions_days` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_callers_days` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_recordings_days` integer;--> statement-breakpoint
ALTER TABLE `sites` ADD `keep_params` text;