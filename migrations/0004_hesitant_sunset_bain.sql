ALTER TABLE `pools` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `sites` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `tracking_numbers` ADD `removed_at` integer;