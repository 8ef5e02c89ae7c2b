DROP INDEX `deliveries_event_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_event_idx` ON `deliveries` (`event_id`,`destination_id`);--> statement-breakpoint
ALTER TABLE `outbox_events` ADD `fanned_out_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_events_unfanned_idx` ON `outbox_events` (`seq`) WHERE "outbox_events"."fanned_out_at" is null;--> statement-breakpoint
-- Events written before fan-out existed got their deliveries with them.
UPDATE `outbox_events` SET `fanned_out_at` = `created_at`;
