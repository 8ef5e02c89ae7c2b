ALTER TABLE `calls` ADD `payout_terms` text;--> statement-breakpoint
ALTER TABLE `site_rules` ADD `payout_on` text DEFAULT 'qualified' NOT NULL;--> statement-breakpoint
ALTER TABLE `site_rules` ADD `payout_percent_bp` integer;