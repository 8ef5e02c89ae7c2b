ALTER TABLE `buyers` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `targets` ADD `archived_at` integer;