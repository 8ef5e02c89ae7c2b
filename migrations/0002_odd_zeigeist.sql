DROP INDEX `tracking_numbers_number_idx`;--> statement-breakpoint
ALTER TABLE `tracking_numbers` ADD `holder` text;--> statement-breakpoint
CREATE UNIQUE INDEX `tracking_numbers_account_number_idx` ON `tracking_numbers` (`account_id`,`number`);--> statement-breakpoint
CREATE INDEX `tracking_numbers_holder_idx` ON `tracking_numbers` (`pool_id`,`holder`,`leased_until`);--> statement-breakpoint
CREATE INDEX `tracking_numbers_number_idx` ON `tracking_numbers` (`number`);