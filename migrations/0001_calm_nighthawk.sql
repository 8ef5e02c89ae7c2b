CREATE TABLE `twilio_requests_handled` (
	`account_id` text NOT NULL,
	`token` text NOT NULL,
	`handled_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `token`)
);
--> statement-breakpoint
CREATE INDEX `twilio_requests_handled_at_idx` ON `twilio_requests_handled` (`handled_at`);