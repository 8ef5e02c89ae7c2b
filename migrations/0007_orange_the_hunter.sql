ALTER TABLE `destinations` ADD `settings` text;--> statement-breakpoint
ALTER TABLE `destinations` ADD `credentials` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `ga_client_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbp` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbc` text;