// The ad platforms conversions go to, by destination kind: one builder per platform.
import type { AdPlatformKind, DestinationKind } from '../../db/schema';
import type { AdPlatform } from './ad-conversion';
import { ga4 } from './ga4';
import { googleAds } from './google-ads';
import { metaCapi } from './meta-capi';
import { microsoftAds } from './microsoft-ads';

export const adPlatforms: Record<AdPlatformKind, AdPlatform> = {
  google_ads: googleAds,
  ga4,
  meta_capi: metaCapi,
  microsoft_ads: microsoftAds,
};

export const isAdPlatform = (kind: DestinationKind): kind is AdPlatformKind => kind in adPlatforms;
