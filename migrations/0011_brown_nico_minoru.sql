ALTER TABLE `destinations` ADD `settings` text;--> statement-breakpoint
ALTER TABLE `destinations` ADD `credentials` text;