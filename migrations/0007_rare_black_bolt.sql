ALTER TABLE `sessions` ADD `ga_client_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbp` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `fbc` text;